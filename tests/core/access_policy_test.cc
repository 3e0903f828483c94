// AccessPolicy against accounts in a real database (RocksDB in a temporary folder).
#include "core/access_policy.h"

#include <memory>
#include <string>
#include <vector>

#include "beacon_process.h"
#include "core/secrets.h"
#include "gtest/gtest.h"
#include "storage/database.h"

namespace beacon::core {
namespace {

constexpr char kAdminToken[] = "admin-token-0123456789";
constexpr char kAcmeKey[] = "acme-key-0123456789";
constexpr char kCeltraKey[] = "celtra-key-0123456789";

using Tokens = std::vector<std::string>;

class AccessPolicyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto database = storage::Database::Open(dir_.path());
    ASSERT_TRUE(database.ok()) << database.status();
    database_ = *std::move(database);
    for (const storage::Account& account : {
             storage::Account{"acme", true, HashSecret(kAcmeKey)},
             storage::Account{"celtra", true, HashSecret(kCeltraKey)},
             storage::Account{"keyless", true, ""},  // no subscriber key
             storage::Account{"dormant", false, HashSecret("dormant-key")},
         }) {
      ASSERT_TRUE(database_->accounts().Create(account).ok());
    }
  }

  AccessPolicy Policy(bool subscriber_auth_required, bool track_auth_required) const {
    AccessRules rules;
    rules.subscriber_auth_required = subscriber_auth_required;
    rules.track_auth_required = track_auth_required;
    return AccessPolicy(database_->accounts(), HashSecret(kAdminToken), rules);
  }

  // No token ever appears in an error message.
  static void ExpectNoTokenIn(const absl::Status& status) {
    for (const char* token : {kAdminToken, kAcmeKey, kCeltraKey, "wrong-token"}) {
      EXPECT_EQ(status.message().find(token), absl::string_view::npos) << status;
    }
  }

  beacon::testing::TempDir dir_;
  std::unique_ptr<storage::Database> database_;
};

TEST_F(AccessPolicyTest, AdminNeedsTheAdminToken) {
  // The rules are about subscribers and Track: admin calls always need the admin token.
  const AccessPolicy policy = Policy(false, false);
  const absl::Status missing = policy.AuthorizeAdmin({});
  EXPECT_EQ(missing.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(missing.message(), "admin token required: send authorization: Bearer <admin token>");

  const absl::Status wrong = policy.AuthorizeAdmin({"wrong-token"});
  EXPECT_EQ(wrong.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(wrong.message(), "the admin token is not valid");
  ExpectNoTokenIn(wrong);

  // An account's key is not the admin token, nor is the admin token's hash or an empty token.
  EXPECT_EQ(policy.AuthorizeAdmin({kAcmeKey}).code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(policy.AuthorizeAdmin({HashSecret(kAdminToken)}).code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(policy.AuthorizeAdmin({""}).code(), absl::StatusCode::kPermissionDenied);

  EXPECT_TRUE(policy.AuthorizeAdmin({kAdminToken}).ok());
  // Any one of several tokens may be the admin token.
  EXPECT_TRUE(policy.AuthorizeAdmin({"wrong-token", kAcmeKey, kAdminToken}).ok());
}

TEST_F(AccessPolicyTest, WithoutSubscriberAuthAnyoneMayRead) {
  const AccessPolicy policy = Policy(false, true);
  EXPECT_TRUE(policy.AuthorizeRead({}, {}).ok());
  EXPECT_TRUE(policy.AuthorizeRead({}, {"acme", "keyless"}).ok());
  EXPECT_TRUE(policy.AuthorizeRead({"wrong-token"}, {"acme"}).ok());
  EXPECT_TRUE(policy.AuthorizeRead({}, {"ghost"}).ok());  // existence is the Tracker's business
}

TEST_F(AccessPolicyTest, ReadingWithoutAnyTokenIsUnauthenticated) {
  const AccessPolicy policy = Policy(true, false);
  for (const std::vector<std::string>& accounts :
       {std::vector<std::string>{}, std::vector<std::string>{"acme"}}) {
    const absl::Status status = policy.AuthorizeRead({}, accounts);
    EXPECT_EQ(status.code(), absl::StatusCode::kUnauthenticated);
    EXPECT_EQ(status.message(),
              "subscriber key required: send authorization: Bearer <subscriber key>");
  }
}

TEST_F(AccessPolicyTest, ReadingEveryAccountNeedsTheAdminToken) {
  const AccessPolicy policy = Policy(true, false);
  const absl::Status with_key = policy.AuthorizeRead({kAcmeKey, kCeltraKey}, {});
  EXPECT_EQ(with_key.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(with_key.message(), "reading every account needs the admin token");
  ExpectNoTokenIn(with_key);
  EXPECT_TRUE(policy.AuthorizeRead({kAdminToken}, {}).ok());
}

TEST_F(AccessPolicyTest, ReadingAccountsNeedsAKeyForEveryOne) {
  const AccessPolicy policy = Policy(true, false);
  EXPECT_TRUE(policy.AuthorizeRead({kAcmeKey}, {"acme"}).ok());
  EXPECT_TRUE(policy.AuthorizeRead({kCeltraKey, kAcmeKey}, {"acme", "celtra"}).ok());
  EXPECT_TRUE(policy.AuthorizeRead({"wrong-token", kAcmeKey}, {"acme"}).ok());
  // The account's activity does not matter for reading.
  EXPECT_TRUE(policy.AuthorizeRead({"dormant-key"}, {"dormant"}).ok());

  const absl::Status one_missing = policy.AuthorizeRead({kAcmeKey}, {"acme", "celtra"});
  EXPECT_EQ(one_missing.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(one_missing.message(), "no valid key for account celtra");
  ExpectNoTokenIn(one_missing);

  // One account's key does not open another.
  EXPECT_EQ(policy.AuthorizeRead({kAcmeKey}, {"celtra"}).code(),
            absl::StatusCode::kPermissionDenied);
  // Presenting the stored hash instead of the key does not work either.
  EXPECT_EQ(policy.AuthorizeRead({HashSecret(kAcmeKey)}, {"acme"}).code(),
            absl::StatusCode::kPermissionDenied);
}

TEST_F(AccessPolicyTest, AnAccountWithoutAKeyCanOnlyBeReadWithTheAdminToken) {
  const AccessPolicy policy = Policy(true, false);
  // Not even an empty token matches the empty key hash.
  for (const Tokens& tokens : {Tokens{""}, Tokens{kAcmeKey}, Tokens{"wrong-token"}}) {
    const absl::Status status = policy.AuthorizeRead(tokens, {"keyless"});
    EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied);
    EXPECT_EQ(status.message(), "no valid key for account keyless");
  }
  EXPECT_TRUE(policy.AuthorizeRead({kAdminToken}, {"keyless"}).ok());
  EXPECT_TRUE(policy.AuthorizeRead({kAdminToken}, {"keyless", "acme"}).ok());
}

TEST_F(AccessPolicyTest, AnUnknownAccountLooksLikeAWrongKey) {
  const AccessPolicy policy = Policy(true, true);
  // The same refusal as for an existing account, so keys do not reveal which accounts exist.
  const absl::Status unknown = policy.AuthorizeRead({kAcmeKey}, {"ghost"});
  const absl::Status wrong = policy.AuthorizeRead({kAcmeKey}, {"celtra"});
  EXPECT_EQ(unknown.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(wrong.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(unknown.message(), "no valid key for account ghost");
  EXPECT_EQ(policy.AuthorizeTrack({kAcmeKey}, "ghost").code(), absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(policy.AuthorizeRead({kAdminToken}, {"ghost"}).ok());
}

TEST_F(AccessPolicyTest, TrackNeedsTheAccountsKeyOnlyWhenRequired) {
  const AccessPolicy open = Policy(true, false);
  EXPECT_TRUE(open.AuthorizeTrack({}, "acme").ok());
  EXPECT_TRUE(open.AuthorizeTrack({"wrong-token"}, "keyless").ok());

  const AccessPolicy policy = Policy(false, true);
  const absl::Status missing = policy.AuthorizeTrack({}, "acme");
  EXPECT_EQ(missing.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(missing.message(),
            "subscriber key required: send authorization: Bearer <subscriber key>");

  const absl::Status other = policy.AuthorizeTrack({kCeltraKey}, "acme");
  EXPECT_EQ(other.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(other.message(), "no valid key for account acme");
  ExpectNoTokenIn(other);
  EXPECT_EQ(policy.AuthorizeTrack({kAcmeKey}, "keyless").code(),
            absl::StatusCode::kPermissionDenied);

  EXPECT_TRUE(policy.AuthorizeTrack({kAcmeKey}, "acme").ok());
  EXPECT_TRUE(policy.AuthorizeTrack({kAdminToken}, "acme").ok());
  EXPECT_TRUE(policy.AuthorizeTrack({kAdminToken}, "keyless").ok());
}

TEST_F(AccessPolicyTest, KeysAreCheckedAgainstTheStoreAsItIsNow) {
  const AccessPolicy policy = Policy(true, true);
  ASSERT_TRUE(policy.AuthorizeRead({kAcmeKey}, {"acme"}).ok());
  // A replaced key stops working at once and the new one works.
  ASSERT_TRUE(database_->accounts()
                  .Update("acme", [](storage::Account& a) { a.key_hash = HashSecret("new-key"); })
                  .ok());
  EXPECT_EQ(policy.AuthorizeRead({kAcmeKey}, {"acme"}).code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(policy.AuthorizeTrack({kAcmeKey}, "acme").code(), absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(policy.AuthorizeRead({"new-key"}, {"acme"}).ok());
  EXPECT_TRUE(policy.AuthorizeTrack({"new-key"}, "acme").ok());
  // A deleted account's key opens nothing.
  ASSERT_TRUE(database_->accounts().Delete("celtra").ok());
  EXPECT_EQ(policy.AuthorizeRead({kCeltraKey}, {"celtra"}).code(),
            absl::StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace beacon::core
