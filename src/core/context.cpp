#include "metaul/core/context.h"

#include <omp.h>

namespace metaul {

int Context::n_threads() const { return threads > 0 ? threads : omp_get_num_procs(); }

bool Context::report(std::string_view stage, std::int64_t done, std::int64_t total) const {
  return progress ? progress(stage, done, total) : true;
}

bool Context::out_of_time() const {
  if (!time_budget_seconds) return false;
  const std::chrono::duration<double> spent = std::chrono::steady_clock::now() - start_;
  return spent.count() > *time_budget_seconds;
}

}  // namespace metaul
