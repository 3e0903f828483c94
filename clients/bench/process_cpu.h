#pragma once

namespace beacon::bench {

// User plus system CPU seconds this process has used so far (all threads). Divided by wall
// time it tells how many cores the bench itself burned, i.e. whether it could be the
// bottleneck of a run.
double ProcessCpuSeconds();

}  // namespace beacon::bench
