#pragma once

namespace beacon::testing {

// A loopback port that nothing listens on (bound by the kernel's choice, then released).
int UnusedPort();

}  // namespace beacon::testing
