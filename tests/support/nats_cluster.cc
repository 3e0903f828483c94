#include "nats_cluster.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <utility>

#include "free_port.h"

namespace beacon::testing {
namespace {

std::string ServerBinary() {
  if (const char* path = getenv("NATS_SERVER_BIN"); path != nullptr) return path;
  return NATS_SERVER_BIN;
}

// True when GET /healthz on 127.0.0.1:`port` answers 200.
bool Healthy(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  timeval timeout{1, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = false;
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
    const std::string request = "GET /healthz HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
    if (write(fd, request.data(), request.size()) == static_cast<ssize_t>(request.size())) {
      char buffer[64] = {};
      const ssize_t n = read(fd, buffer, sizeof buffer - 1);
      ok = n > 0 && std::string(buffer, static_cast<size_t>(n)).find(" 200 ") != std::string::npos;
    }
  }
  close(fd);
  return ok;
}

}  // namespace

std::unique_ptr<NatsCluster> NatsCluster::StartSingle() { return Start(1, /*clustered=*/false); }

std::unique_ptr<NatsCluster> NatsCluster::StartCluster(int nodes) {
  return Start(nodes, /*clustered=*/true);
}

std::unique_ptr<NatsCluster> NatsCluster::Start(int nodes, bool clustered) {
  std::unique_ptr<NatsCluster> cluster(new NatsCluster());
  for (int i = 0; i < nodes; ++i) {
    Node node;
    node.name = "n" + std::to_string(i);
    node.client_port = UnusedPort();
    node.cluster_port = UnusedPort();
    node.http_port = UnusedPort();
    const std::filesystem::path home = std::filesystem::path(cluster->dir_.path()) / node.name;
    std::filesystem::create_directories(home / "store");
    node.config_path = (home / "nats.conf").string();
    node.log_path = (home / "nats.log").string();
    cluster->nodes_.push_back(std::move(node));
  }
  for (int i = 0; i < nodes; ++i) {
    cluster->WriteConfig(i, clustered);
    if (!cluster->Launch(i)) return nullptr;
  }
  for (int i = 0; i < nodes; ++i) {
    if (!cluster->WaitHealthy(i)) {
      fprintf(stderr, "nats node %d not healthy; log:\n%s\n", i, cluster->Log(i).c_str());
      return nullptr;
    }
  }
  return cluster;
}

NatsCluster::~NatsCluster() { StopAll(); }

void NatsCluster::WriteConfig(int node, bool clustered) const {
  const Node& n = nodes_[node];
  const std::filesystem::path home = std::filesystem::path(n.config_path).parent_path();
  std::ofstream config(n.config_path);
  config << "server_name: " << n.name << "\n"
         << "listen: 127.0.0.1:" << n.client_port << "\n"
         << "http: 127.0.0.1:" << n.http_port << "\n"
         << "jetstream {\n"
         << "  store_dir: \"" << (home / "store").string() << "\"\n"
         << "  max_memory_store: 256MB\n"
         << "  max_file_store: 2GB\n"
         << "}\n";
  if (clustered) {
    config << "cluster {\n"
           << "  name: beacon-test\n"
           << "  listen: 127.0.0.1:" << n.cluster_port << "\n"
           << "  routes: [\n";
    for (const Node& other : nodes_) {
      config << "    nats-route://127.0.0.1:" << other.cluster_port << "\n";
    }
    config << "  ]\n}\n";
  }
}

bool NatsCluster::Launch(int node) {
  Node& n = nodes_[node];
  // The server appends its log to the file across restarts; what it prints before it opened it
  // (such as a configuration error) stays in the ChildProcess, see Log().
  n.process = std::make_unique<ChildProcess>(
      std::vector<std::string>{ServerBinary(), "-c", n.config_path, "-l", n.log_path});
  if (n.process->pid() > 0) return true;
  n.process.reset();
  return false;
}

std::vector<std::string> NatsCluster::ClientUrls() const {
  std::vector<std::string> urls;
  for (int i = 0; i < size(); ++i) urls.push_back(ClientUrl(i));
  return urls;
}

std::string NatsCluster::ClientUrl(int node) const {
  return "nats://127.0.0.1:" + std::to_string(nodes_[node].client_port);
}

int NatsCluster::NodeOfServer(const std::string& server_name) const {
  for (int i = 0; i < size(); ++i) {
    if (nodes_[i].name == server_name) return i;
  }
  return -1;
}

void NatsCluster::Kill(int node) {
  Node& n = nodes_[node];
  if (n.process == nullptr) return;
  n.process->Kill();
  n.process.reset();
}

bool NatsCluster::Restart(int node, std::chrono::milliseconds timeout) {
  Kill(node);
  return Launch(node) && WaitHealthy(node, timeout);
}

bool NatsCluster::StartAgain(int node) {
  Kill(node);
  return Launch(node);
}

bool NatsCluster::Running(int node) {
  const Node& n = nodes_[node];
  return n.process != nullptr && !n.process->WaitExit(std::chrono::milliseconds(0));
}

bool NatsCluster::WaitHealthy(int node, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (!Running(node)) return false;
    if (Healthy(nodes_[node].http_port)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

void NatsCluster::StopAll() {
  for (int i = 0; i < size(); ++i) Kill(i);
}

std::string NatsCluster::Log(int node) const {
  const Node& n = nodes_[node];
  std::ifstream log(n.log_path);
  std::stringstream content;
  content << log.rdbuf();
  if (n.process != nullptr) content << n.process->Stdout() << n.process->Stderr();
  return content.str();
}

}  // namespace beacon::testing
