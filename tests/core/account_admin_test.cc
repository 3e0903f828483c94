// AccountAdmin against a real database (RocksDB in a temporary folder) and a real hub, with real
// subscriptions on it.
#include "core/account_admin.h"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/synchronization/notification.h"
#include "beacon_process.h"
#include "core/access_policy.h"
#include "core/event_committer.h"
#include "core/secrets.h"
#include "core/seq_allocator.h"
#include "core/subscription.h"
#include "core/tracker.h"
#include "core_logic_test_util.h"
#include "gtest/gtest.h"
#include "storage/database.h"

namespace beacon::core {
namespace {

using beacon::core::testing::MakeEvent;
using beacon::core::testing::SeqsOf;
using beacon::core::testing::WaitableConsumer;
using Kind = SubscriptionQueue::ActionKind;

bool IsLowercaseHex(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return absl::ascii_isdigit(static_cast<unsigned char>(c)) || (c >= 'a' && c <= 'f');
  });
}

// One subscriber's feed on the hub, its queue kept to look at.
struct Feed {
  std::shared_ptr<SubscriptionQueue> queue;
  std::unique_ptr<WaitableConsumer> consumer = std::make_unique<WaitableConsumer>();
  std::unique_ptr<Subscription> subscription;
};

class AccountAdminTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto database = storage::Database::Open(dir_.path());
    ASSERT_TRUE(database.ok()) << database.status();
    database_ = *std::move(database);
    admin_ = std::make_unique<AccountAdmin>(database_->accounts(), hub_);
  }

  // A subscription started on the hub; live ones have given up the consumer token (Next() went
  // idle), those resuming from `since` still hold it, as while catching up.
  Feed Open(std::vector<std::string> accounts, std::optional<uint64_t> since = std::nullopt) {
    Feed feed;
    feed.queue = std::make_shared<SubscriptionQueue>(std::move(accounts), QueueLimits{});
    feed.subscription =
        std::make_unique<Subscription>(hub_, database_->accounts(), database_->events(), feed.queue,
                                       since, Subscription::Limits{});
    const absl::Status started = feed.subscription->Start(feed.consumer.get());
    EXPECT_TRUE(started.ok()) << started;
    if (!since.has_value()) {
      EXPECT_EQ(feed.subscription->Next().kind, Kind::kIdle);
    }
    return feed;
  }

  void BuildTracker() {
    auto seqs = SeqAllocator::Create(database_->sequence(), 1000);
    ASSERT_TRUE(seqs.ok()) << seqs.status();
    seqs_ = *std::move(seqs);
    committer_ =
        std::make_unique<EventCommitter>(database_->events(), *seqs_, hub_, CommitLimits{});
    tracker_ = std::make_unique<Tracker>(database_->accounts(), database_->events(), hub_,
                                         *committer_, TrackerLimits{});
  }

  absl::StatusOr<EventPtr> Track(const std::string& account) {
    absl::Notification done;
    absl::StatusOr<EventPtr> result;
    tracker_->Track(account, "data", [&](absl::StatusOr<EventPtr> r) {
      result = std::move(r);
      done.Notify();
    });
    done.WaitForNotification();
    return result;
  }

  std::vector<std::string> Ids(const AccountListing& listing) {
    std::vector<std::string> ids;
    for (const storage::Account& account : listing.accounts) ids.push_back(account.id);
    return ids;
  }

  beacon::testing::TempDir dir_;
  std::unique_ptr<storage::Database> database_;
  SubscriptionHub hub_{100, 0};
  std::unique_ptr<AccountAdmin> admin_;
  std::unique_ptr<SeqAllocator> seqs_;
  std::unique_ptr<EventCommitter> committer_;
  std::unique_ptr<Tracker> tracker_;
};

TEST_F(AccountAdminTest, CreateStoresTheAccountWithOnlyTheHashOfANewKey) {
  const absl::StatusOr<CreatedAccount> acme = admin_->Create("acme", true);
  ASSERT_TRUE(acme.ok()) << acme.status();
  EXPECT_EQ(acme->account.id, "acme");
  EXPECT_TRUE(acme->account.active);
  EXPECT_EQ(acme->subscriber_key.size(), 64u);
  EXPECT_TRUE(IsLowercaseHex(acme->subscriber_key)) << acme->subscriber_key;
  EXPECT_EQ(acme->account.key_hash, HashSecret(acme->subscriber_key));

  const absl::StatusOr<storage::Account> stored = database_->accounts().Get("acme");
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(*stored, acme->account);
  EXPECT_NE(stored->key_hash, acme->subscriber_key);
  const absl::StatusOr<storage::Account> got = admin_->Get("acme");
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(*got, acme->account);

  const absl::StatusOr<CreatedAccount> dormant = admin_->Create("dormant", false);
  ASSERT_TRUE(dormant.ok()) << dormant.status();
  EXPECT_FALSE(dormant->account.active);
  EXPECT_FALSE(database_->accounts().Get("dormant")->active);
  EXPECT_NE(dormant->subscriber_key, acme->subscriber_key);
}

TEST_F(AccountAdminTest, CreateRefusesMalformedAndTakenIds) {
  for (const std::string& id : {std::string(), std::string("has space"), std::string(65, 'a')}) {
    EXPECT_EQ(admin_->Create(id, true).status().code(), absl::StatusCode::kInvalidArgument) << id;
  }
  EXPECT_TRUE(database_->accounts().List("", 10)->accounts.empty());

  const absl::StatusOr<CreatedAccount> first = admin_->Create("acme", false);
  ASSERT_TRUE(first.ok()) << first.status();
  const absl::StatusOr<CreatedAccount> again = admin_->Create("acme", true);
  EXPECT_EQ(again.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(again.status().message(), "Account already exists: acme");
  // The account is left as it was.
  EXPECT_EQ(*database_->accounts().Get("acme"), first->account);
}

TEST_F(AccountAdminTest, GetNamesTheMissingAccount) {
  const absl::StatusOr<storage::Account> missing = admin_->Get("ghost");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(missing.status().message(), "Account not found: ghost");
  EXPECT_EQ(admin_->Get("not/valid").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(AccountAdminTest, UpdateChangesOnlyTheFieldsGiven) {
  const absl::StatusOr<CreatedAccount> created = admin_->Create("acme", true);
  ASSERT_TRUE(created.ok()) << created.status();

  const absl::StatusOr<storage::Account> unchanged = admin_->Update("acme", std::nullopt);
  ASSERT_TRUE(unchanged.ok()) << unchanged.status();
  EXPECT_EQ(*unchanged, created->account);

  const absl::StatusOr<storage::Account> deactivated = admin_->Update("acme", false);
  ASSERT_TRUE(deactivated.ok()) << deactivated.status();
  EXPECT_FALSE(deactivated->active);
  EXPECT_EQ(deactivated->key_hash, created->account.key_hash);  // the key stays
  EXPECT_EQ(*database_->accounts().Get("acme"), *deactivated);

  EXPECT_TRUE(admin_->Update("acme", true)->active);
  EXPECT_TRUE(database_->accounts().Get("acme")->active);

  const absl::StatusOr<storage::Account> missing = admin_->Update("ghost", false);
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(missing.status().message(), "Account not found: ghost");
  EXPECT_FALSE(database_->accounts().Get("ghost").ok());  // not created by the update
  EXPECT_EQ(admin_->Update("", true).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(AccountAdminTest, DeactivatingRefusesTheNextTrackButKeepsSubscriptionsOpen) {
  BuildTracker();
  ASSERT_TRUE(admin_->Create("acme", true).ok());
  const Feed feed = Open({"acme"});
  ASSERT_TRUE(Track("acme").ok());  // seq 1
  ASSERT_TRUE(feed.consumer->WaitForResumes(1));
  EXPECT_EQ(SeqsOf(feed.subscription->Next().batch), (std::vector<uint64_t>{1}));
  EXPECT_EQ(feed.subscription->Next().kind, Kind::kIdle);

  ASSERT_TRUE(admin_->Update("acme", false).ok());
  const absl::StatusOr<EventPtr> refused = Track("acme");
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(refused.status().message(), "Account is inactive");
  // Subscribing to an inactive account is allowed: the stream stays open, receiving nothing.
  EXPECT_FALSE(feed.queue->closed());
  EXPECT_EQ(feed.consumer->resumed(), 1);
  EXPECT_EQ(hub_.size(), 1u);

  // Active again: the same stream gets the next event.
  ASSERT_TRUE(admin_->Update("acme", true).ok());
  const absl::StatusOr<EventPtr> tracked = Track("acme");
  ASSERT_TRUE(tracked.ok()) << tracked.status();
  ASSERT_TRUE(feed.consumer->WaitForResumes(2));
  EXPECT_EQ(SeqsOf(feed.subscription->Next().batch), (std::vector<uint64_t>{(*tracked)->seq()}));
}

TEST_F(AccountAdminTest, DeleteEndsEveryStreamThatFiltersOnTheAccount) {
  ASSERT_TRUE(admin_->Create("acme", true).ok());
  ASSERT_TRUE(admin_->Create("celtra", true).ok());
  const Feed only_acme = Open({"acme"});
  const Feed both = Open({"acme", "celtra"});
  const Feed only_celtra = Open({"celtra"});
  const Feed every_account = Open({});
  const Feed catching_up = Open({"acme"}, 0);  // admitted, not yet live
  ASSERT_EQ(hub_.size(), 5u);

  ASSERT_TRUE(admin_->Delete("acme").ok());

  // The idle live streams were handed back to their consumers to finish.
  for (const Feed* feed : {&only_acme, &both}) {
    EXPECT_EQ(feed->consumer->resumed(), 1);
    const SubscriptionQueue::Action finish = feed->subscription->Next();
    EXPECT_EQ(finish.kind, Kind::kFinish);
    EXPECT_EQ(finish.status.code(), absl::StatusCode::kNotFound);
    EXPECT_EQ(finish.status.message(), "Account deleted: acme");
  }
  // The one still catching up keeps its token and finishes at its next step.
  EXPECT_EQ(catching_up.consumer->resumed(), 0);
  EXPECT_TRUE(catching_up.queue->closed());
  const SubscriptionQueue::Action finish = catching_up.subscription->Next();
  EXPECT_EQ(finish.kind, Kind::kFinish);
  EXPECT_EQ(finish.status.code(), absl::StatusCode::kNotFound);

  // Streams that do not filter on it go on.
  for (const Feed* feed : {&only_celtra, &every_account}) {
    EXPECT_FALSE(feed->queue->closed());
    EXPECT_EQ(feed->consumer->resumed(), 0);
  }
  EXPECT_EQ(hub_.size(), 2u);
  hub_.Publish({MakeEvent(1, "celtra", "still here")});
  for (const Feed* feed : {&only_celtra, &every_account}) {
    ASSERT_EQ(feed->consumer->resumed(), 1);  // Publish resumes inline without an executor
    EXPECT_EQ(SeqsOf(feed->subscription->Next().batch), (std::vector<uint64_t>{1}));
  }

  // The account is gone.
  const absl::StatusOr<storage::Account> gone = admin_->Get("acme");
  EXPECT_EQ(gone.status().code(), absl::StatusCode::kNotFound);
  const absl::Status again = admin_->Delete("acme");
  EXPECT_EQ(again.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(again.message(), "Account not found: acme");
  EXPECT_TRUE(admin_->Get("celtra").ok());
}

TEST_F(AccountAdminTest, DeleteAppliesToTheNextTrackAndSubscribe) {
  BuildTracker();
  ASSERT_TRUE(admin_->Create("acme", true).ok());
  ASSERT_TRUE(Track("acme").ok());
  ASSERT_TRUE(admin_->Delete("acme").ok());
  EXPECT_EQ(Track("acme").status().code(), absl::StatusCode::kNotFound);
  const auto subscription = tracker_->NewSubscription({"acme"}, std::nullopt);
  EXPECT_EQ(subscription.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(subscription.status().message(), "Account not found: acme");
  // Its stored events stay (until retention deletes them).
  const absl::StatusOr<storage::EventPage> page = database_->events().Read({});
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->events.size(), 1u);
}

TEST_F(AccountAdminTest, DeleteBetweenTheSubscriptionsCheckAndItsStartEndsIt) {
  BuildTracker();
  for (const std::optional<uint64_t> since :
       {std::optional<uint64_t>(), std::optional<uint64_t>(0)}) {
    ASSERT_TRUE(admin_->Create("acme", true).ok());
    // Checked while the account exists, started once Delete has closed what the hub held.
    absl::StatusOr<std::unique_ptr<Subscription>> subscription =
        tracker_->NewSubscription({"acme"}, since);
    ASSERT_TRUE(subscription.ok()) << subscription.status();
    ASSERT_TRUE(admin_->Delete("acme").ok());
    WaitableConsumer consumer;
    ASSERT_TRUE((*subscription)->Start(&consumer).ok());
    const SubscriptionQueue::Action finish = (*subscription)->Next();
    EXPECT_EQ(finish.kind, Kind::kFinish) << (since.has_value() ? "resuming" : "live");
    EXPECT_EQ(finish.status.code(), absl::StatusCode::kNotFound);
    EXPECT_EQ(finish.status.message(), "Account deleted: acme");
  }
}

TEST_F(AccountAdminTest, FailedDeleteEndsNoStream) {
  ASSERT_TRUE(admin_->Create("acme", true).ok());
  const Feed feed = Open({"acme"});
  EXPECT_EQ(admin_->Delete("ghost").code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(admin_->Delete("not valid").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(feed.queue->closed());
  EXPECT_EQ(feed.consumer->resumed(), 0);
  EXPECT_TRUE(admin_->Get("acme").ok());
}

TEST_F(AccountAdminTest, ListPagesThroughAccountsInIdOrder) {
  for (const char* id : {"c", "a", "e", "b", "d"}) ASSERT_TRUE(admin_->Create(id, true).ok());
  std::vector<std::vector<std::string>> pages;
  std::vector<std::string> tokens;
  std::string token;
  for (int i = 0; i < 10; ++i) {
    const absl::StatusOr<AccountListing> listing = admin_->List(token, 2);
    ASSERT_TRUE(listing.ok()) << listing.status();
    pages.push_back(Ids(*listing));
    tokens.push_back(listing->next_page_token);
    token = listing->next_page_token;
    if (token.empty()) break;
  }
  EXPECT_EQ(pages, (std::vector<std::vector<std::string>>{{"a", "b"}, {"c", "d"}, {"e"}}));
  EXPECT_EQ(tokens, (std::vector<std::string>{"b", "d", ""}));

  // A page that ends on the last account has no token.
  const absl::StatusOr<AccountListing> last = admin_->List("c", 2);
  ASSERT_TRUE(last.ok()) << last.status();
  EXPECT_EQ(Ids(*last), (std::vector<std::string>{"d", "e"}));
  EXPECT_EQ(last->next_page_token, "");
}

TEST_F(AccountAdminTest, ListPageSizeDefaultsAndLimits) {
  for (int i = 0; i < 101; ++i) {
    char id[8];
    std::snprintf(id, sizeof(id), "a%03d", i);
    ASSERT_TRUE(admin_->Create(id, true).ok());
  }
  const absl::StatusOr<AccountListing> by_default = admin_->List("", 0);
  ASSERT_TRUE(by_default.ok()) << by_default.status();
  EXPECT_EQ(by_default->accounts.size(), AccountAdmin::kDefaultPageSize);
  EXPECT_EQ(by_default->next_page_token, "a099");
  const absl::StatusOr<AccountListing> rest = admin_->List(by_default->next_page_token, 0);
  ASSERT_TRUE(rest.ok()) << rest.status();
  EXPECT_EQ(Ids(*rest), (std::vector<std::string>{"a100"}));
  EXPECT_EQ(rest->next_page_token, "");

  const absl::StatusOr<AccountListing> largest = admin_->List("", AccountAdmin::kMaxPageSize);
  ASSERT_TRUE(largest.ok()) << largest.status();
  EXPECT_EQ(largest->accounts.size(), 101u);
  const absl::StatusOr<AccountListing> too_large = admin_->List("", AccountAdmin::kMaxPageSize + 1);
  EXPECT_EQ(too_large.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(too_large.status().message(), "page_size must be at most 1000");

  const absl::StatusOr<AccountListing> bad_token = admin_->List("not a token!", 10);
  EXPECT_EQ(bad_token.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(bad_token.status().message(), "page_token is not one this service issued");
}

TEST_F(AccountAdminTest, RotateKeyReplacesTheKeyAtOnce) {
  const absl::StatusOr<CreatedAccount> created = admin_->Create("acme", false);
  ASSERT_TRUE(created.ok()) << created.status();
  AccessRules rules;
  rules.subscriber_auth_required = true;
  const AccessPolicy policy(database_->accounts(), HashSecret("admin"), rules);
  ASSERT_TRUE(policy.AuthorizeRead({created->subscriber_key}, {"acme"}).ok());

  const absl::StatusOr<std::string> rotated = admin_->RotateKey("acme");
  ASSERT_TRUE(rotated.ok()) << rotated.status();
  EXPECT_EQ(rotated->size(), 64u);
  EXPECT_TRUE(IsLowercaseHex(*rotated));
  EXPECT_NE(*rotated, created->subscriber_key);
  const absl::StatusOr<storage::Account> stored = database_->accounts().Get("acme");
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->key_hash, HashSecret(*rotated));
  EXPECT_FALSE(stored->active);  // nothing else changes

  EXPECT_EQ(policy.AuthorizeRead({created->subscriber_key}, {"acme"}).code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(policy.AuthorizeRead({*rotated}, {"acme"}).ok());

  const absl::StatusOr<std::string> missing = admin_->RotateKey("ghost");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(missing.status().message(), "Account not found: ghost");
  EXPECT_EQ(admin_->RotateKey("a b").status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace beacon::core
