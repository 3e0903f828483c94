// Stopping beacon-edge itself (docs/http-api.md: open WebSockets get 1001 when the edge stops).
#include <signal.h>

#include "edge_stack.h"
#include "gtest/gtest.h"
#include "ws_subscriber.h"

namespace beacon::testing {
namespace {

TEST(EdgeShutdownTest, SigtermClosesWebSocketsWith1001AndExits0) {
  EdgeStack stack;
  ASSERT_TRUE(stack.Start());
  WsSubscriber subscriber(stack.edge_port(), "?account=celtra");
  ASSERT_TRUE(subscriber.WaitOpen());

  EXPECT_EQ(stack.edge().Stop(SIGTERM), 0);

  ASSERT_TRUE(subscriber.WaitClosed());
  EXPECT_EQ(subscriber.close_code(), 1001) << subscriber.close_reason();
}

}  // namespace
}  // namespace beacon::testing
