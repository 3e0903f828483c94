#include "core/validation.h"

#include <string>

#include "gtest/gtest.h"

namespace beacon::core {
namespace {

TEST(ValidateAccountIdTest, AcceptsTheAllowedAlphabetUpTo64Characters) {
  EXPECT_TRUE(ValidateAccountId("celtra").ok());
  EXPECT_TRUE(ValidateAccountId("a.B_9-z").ok());
  EXPECT_TRUE(ValidateAccountId(std::string(64, 'a')).ok());
}

TEST(ValidateAccountIdTest, RejectsEmptyTooLongAndForeignCharacters) {
  for (const std::string& bad : {std::string(), std::string(65, 'a'), std::string("bad!id"),
                                 std::string("a b"), std::string("a/b"), std::string("é")}) {
    const absl::Status s = ValidateAccountId(bad);
    EXPECT_TRUE(absl::IsInvalidArgument(s)) << "'" << bad << "': " << s;
    EXPECT_NE(s.message().find("account id"), absl::string_view::npos) << s;
  }
}

TEST(ValidateEventDataTest, AcceptsUtf8WithinTheLimit) {
  EXPECT_TRUE(ValidateEventData("x", 10).ok());
  EXPECT_TRUE(ValidateEventData("0123456789", 10).ok());
  EXPECT_TRUE(ValidateEventData("h\xC3\xA9llo \xE2\x82\xAC \xF0\x9F\x98\x80", 64).ok());
}

TEST(ValidateEventDataTest, RejectsEmptyAndOversizedData) {
  EXPECT_EQ(ValidateEventData("", 10).message(), "data is empty");
  const absl::Status big = ValidateEventData("01234567890", 10);
  EXPECT_TRUE(absl::IsInvalidArgument(big));
  EXPECT_EQ(big.message(), "data is 11 bytes; the limit is 10");
}

TEST(ValidateEventDataTest, RejectsMalformedUtf8) {
  for (const std::string& bad : {
           std::string("\xFF"),              // never valid
           std::string("\xC3"),              // truncated sequence
           std::string("\xC0\xAF"),          // overlong '/'
           std::string("\xED\xA0\x80"),      // UTF-16 surrogate
           std::string("\xF4\x90\x80\x80"),  // above U+10FFFF
           std::string("ok\x80"),            // stray continuation byte
       }) {
    const absl::Status s = ValidateEventData(bad, 64);
    EXPECT_TRUE(absl::IsInvalidArgument(s)) << s;
    EXPECT_NE(s.message().find("UTF-8"), absl::string_view::npos) << s;
  }
}

}  // namespace
}  // namespace beacon::core
