#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "beacon_process.h"
#include "child_process.h"

namespace beacon::testing {

// Real nats-server processes with JetStream for a test: one server, or a cluster of several
// (one config file per node: server_name, client listen, HTTP monitoring port, JetStream
// store_dir, cluster name, listen and routes to every node), all on free loopback ports with
// their store and log in a temporary directory. Nodes can be killed (SIGKILL) and restarted on
// the same ports and store, as a crashed server would come back.
//
// The nats-server binary is $NATS_SERVER_BIN, else the one found at configure time. Each node
// runs as a ChildProcess and writes its log to the file itself (nats-server -l).
//
// Threading: use from one test thread (the one that started the nodes: they are killed when that
// thread exits). Lifetime: the destructor kills every node still running, so a failing test
// never leaks servers.
class NatsCluster {
 public:
  // One JetStream server, not clustered (streams must have one replica). Null when it did not
  // become healthy (the reason is in the log, see Log()).
  static std::unique_ptr<NatsCluster> StartSingle();
  // `nodes` servers forming one JetStream cluster; null when one did not become healthy.
  static std::unique_ptr<NatsCluster> StartCluster(int nodes = 3);
  ~NatsCluster();
  NatsCluster(const NatsCluster&) = delete;
  NatsCluster& operator=(const NatsCluster&) = delete;

  int size() const { return static_cast<int>(nodes_.size()); }
  // nats://127.0.0.1:PORT of every node, in node order.
  std::vector<std::string> ClientUrls() const;
  std::string ClientUrl(int node) const;
  // "n0", "n1", ...: what JetStream reports as a stream's leader.
  const std::string& ServerName(int node) const { return nodes_[node].name; }
  // The node with that server name, or -1.
  int NodeOfServer(const std::string& server_name) const;

  // SIGKILL, then reaped.
  void Kill(int node);
  // Starts a node again with its config and store; waits until it is healthy.
  bool Restart(int node, std::chrono::milliseconds timeout = std::chrono::seconds(15));
  // Starts a killed node again without waiting for it (it may still be catching up).
  bool StartAgain(int node);
  bool Running(int node);
  // Waits until the node's monitoring port answers GET /healthz with 200.
  bool WaitHealthy(int node, std::chrono::milliseconds timeout = std::chrono::seconds(15));
  // Kills every node.
  void StopAll();
  // The node's log so far.
  std::string Log(int node) const;

 private:
  struct Node {
    std::string name;
    int client_port = 0;
    int cluster_port = 0;
    int http_port = 0;
    std::string config_path;
    std::string log_path;
    std::unique_ptr<ChildProcess> process;  // null until launched and once killed
  };

  NatsCluster() = default;
  static std::unique_ptr<NatsCluster> Start(int nodes, bool clustered);
  void WriteConfig(int node, bool clustered) const;
  bool Launch(int node);

  TempDir dir_;
  std::vector<Node> nodes_;
};

}  // namespace beacon::testing
