// The loopback feed server of tests/feeds/feed_server.py, started for a test and stopped with
// it. It binds 127.0.0.1 on an ephemeral port.
#pragma once

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>

#include "ingest/feeds/http_client.h"

namespace dossier::test {

class FeedServer {
 public:
  FeedServer() {
    int fds[2];
    if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
    pid_ = fork();
    if (pid_ == 0) {
      prctl(PR_SET_PDEATHSIG, SIGKILL);  // no server left behind by a crashed test
      dup2(fds[1], 1);
      close(fds[0]);
      close(fds[1]);
      execlp("python3", "python3", DOSSIER_SOURCE_DIR "/tests/feeds/feed_server.py",
             static_cast<char*>(nullptr));
      _exit(127);
    }
    close(fds[1]);
    std::string line;
    char c = 0;
    while (read(fds[0], &c, 1) == 1 && c != '\n') line.push_back(c);
    close(fds[0]);
    if (line.empty()) throw std::runtime_error("the feed server did not start");
    port_ = std::stoi(line);
  }
  ~FeedServer() {
    kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  FeedServer(const FeedServer&) = delete;
  FeedServer& operator=(const FeedServer&) = delete;

  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

  // {"requests": n, "conditional": n, "by_prefix": {"/feeds": n, "/pages": n, ...}}
  nlohmann::json stats() const {
    auto http = feeds::makeCurlClient({});
    auto r = http->get({url("/stats"), "", "", ""});
    if (!r || r->status != 200) throw std::runtime_error("no stats from the feed server");
    return nlohmann::json::parse(r->body);
  }

  size_t requests(const std::string& prefix) const {
    auto s = stats();
    return s["by_prefix"].value(prefix, 0);
  }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace dossier::test
