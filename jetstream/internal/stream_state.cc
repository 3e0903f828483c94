#include "jetstream/internal/stream_state.h"

#include "absl/strings/str_cat.h"
#include "jetstream/internal/nats_handles.h"
#include "jetstream/internal/nats_status.h"

namespace beacon::jetstream::internal {

absl::StatusOr<StreamState> LoadStreamState(const NatsConnection& connection,
                                            const std::string& stream, absl::Duration timeout) {
  jsOptions request = connection.RequestOptions();
  request.Wait = ToMillis(timeout);
  jsStreamInfo* raw = nullptr;
  jsErrCode js_error = static_cast<jsErrCode>(0);
  const natsStatus s = js_GetStreamInfo(&raw, connection.js(), stream.c_str(), &request, &js_error);
  StreamInfoPtr info(raw);
  if (s != NATS_OK) return NatsError(absl::StrCat("asking about stream ", stream), s, js_error);
  StreamState state;
  state.last_seq = info->State.LastSeq;
  state.messages = info->State.Msgs;
  // An empty stream reports first 0 (never written) or last + 1 (everything removed).
  state.first_seq = state.messages == 0 ? state.last_seq + 1 : info->State.FirstSeq;
  if (info->Cluster != nullptr) {
    if (info->Cluster->Name != nullptr) state.cluster = info->Cluster->Name;
    if (info->Cluster->Leader != nullptr) state.leader = info->Cluster->Leader;
  }
  return state;
}

}  // namespace beacon::jetstream::internal
