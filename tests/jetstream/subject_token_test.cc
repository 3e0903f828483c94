#include "jetstream/subject_token.h"

#include <string>

#include "gtest/gtest.h"

namespace beacon::jetstream {
namespace {

TEST(JetStreamSubjectTokenTest, KeepsPlainIdsAndEscapesTheRest) {
  EXPECT_EQ(*EncodeSubjectToken("celtra_Test-1"), "celtra_Test-1");
  EXPECT_EQ(*EncodeSubjectToken("acme.prod"), "acme=2Eprod");
  EXPECT_EQ(*EncodeSubjectToken("a=b >*"), "a=3Db=20=3E=2A");
}

TEST(JetStreamSubjectTokenTest, RoundTripsEveryByte) {
  std::string all;
  for (int c = 0; c < 256; ++c) all.push_back(static_cast<char>(c));
  const absl::StatusOr<std::string> token = EncodeSubjectToken(all);
  ASSERT_TRUE(token.ok());
  EXPECT_EQ(token->find_first_of(".*> \t\r\n"), std::string::npos);
  EXPECT_EQ(*DecodeSubjectToken(*token), all);
}

TEST(JetStreamSubjectTokenTest, RefusesWhatItCannotHaveMade) {
  EXPECT_EQ(EncodeSubjectToken("").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DecodeSubjectToken("").status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(DecodeSubjectToken("a.b").status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(DecodeSubjectToken("a=2").status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(DecodeSubjectToken("a=zz").status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(DecodeSubjectToken("=61").status().code(), absl::StatusCode::kDataLoss);  // 'a'
}

}  // namespace
}  // namespace beacon::jetstream
