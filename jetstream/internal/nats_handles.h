#pragma once

// Internal to the jetstream library: owning handles for cnats objects, so that every object is
// released on every path.

#include <nats/nats.h>

#include <memory>

namespace beacon::jetstream::internal {

struct NatsDeleter {
  void operator()(natsMsg* msg) const { natsMsg_Destroy(msg); }
  void operator()(natsSubscription* sub) const { natsSubscription_Destroy(sub); }
  void operator()(natsOptions* options) const { natsOptions_Destroy(options); }
  void operator()(jsStreamInfo* info) const { jsStreamInfo_Destroy(info); }
  void operator()(jsConsumerInfo* info) const { jsConsumerInfo_Destroy(info); }
  void operator()(jsMsgMetaData* meta) const { jsMsgMetaData_Destroy(meta); }
  void operator()(jsPubAck* ack) const { jsPubAck_Destroy(ack); }
  void operator()(kvStore* kv) const { kvStore_Destroy(kv); }
  void operator()(natsStatistics* stats) const { natsStatistics_Destroy(stats); }
};

using MsgPtr = std::unique_ptr<natsMsg, NatsDeleter>;
using SubscriptionPtr = std::unique_ptr<natsSubscription, NatsDeleter>;
using OptionsPtr = std::unique_ptr<natsOptions, NatsDeleter>;
using StreamInfoPtr = std::unique_ptr<jsStreamInfo, NatsDeleter>;
using ConsumerInfoPtr = std::unique_ptr<jsConsumerInfo, NatsDeleter>;
using MetaDataPtr = std::unique_ptr<jsMsgMetaData, NatsDeleter>;
using PubAckPtr = std::unique_ptr<jsPubAck, NatsDeleter>;
using KvStorePtr = std::unique_ptr<kvStore, NatsDeleter>;
using StatisticsPtr = std::unique_ptr<natsStatistics, NatsDeleter>;

// A natsMsgList whose messages are destroyed with it.
class MsgList {
 public:
  MsgList() = default;
  ~MsgList() { natsMsgList_Destroy(&list_); }
  MsgList(const MsgList&) = delete;
  MsgList& operator=(const MsgList&) = delete;

  natsMsgList* get() { return &list_; }
  int size() const { return list_.Count; }
  natsMsg* operator[](int i) const { return list_.Msgs[i]; }

 private:
  natsMsgList list_{};
};

}  // namespace beacon::jetstream::internal
