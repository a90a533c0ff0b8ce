#include "metaul/core/blas.h"

#include <atomic>

#include <cblas.h>

namespace metaul::blas {

void set_threads(int threads) {
  // OpenBLAS keeps the setting process-wide; calling it only when it changes avoids the cost of
  // re-initialising its thread pool on every small GEMM.
  static std::atomic<int> current{-1};
  if (current.exchange(threads) != threads) openblas_set_num_threads(threads);
}

void gemm_nt(const Context& ctx, Index m, Index n, Index k, float alpha, const float* a, Index lda,
             const float* b, Index ldb, float beta, float* c, Index ldc) {
  if (m == 0 || n == 0) return;
  set_threads(ctx.n_threads());
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, static_cast<blasint>(m),
              static_cast<blasint>(n), static_cast<blasint>(k), alpha, a, static_cast<blasint>(lda),
              b, static_cast<blasint>(ldb), beta, c, static_cast<blasint>(ldc));
}

void gemm_nn(const Context& ctx, Index m, Index n, Index k, float alpha, const float* a, Index lda,
             const float* b, Index ldb, float beta, float* c, Index ldc) {
  if (m == 0 || n == 0) return;
  set_threads(ctx.n_threads());
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, static_cast<blasint>(m),
              static_cast<blasint>(n), static_cast<blasint>(k), alpha, a, static_cast<blasint>(lda),
              b, static_cast<blasint>(ldb), beta, c, static_cast<blasint>(ldc));
}

void dgemm_nt(const Context& ctx, Index m, Index n, Index k, double alpha, const double* a,
              Index lda, const double* b, Index ldb, double beta, double* c, Index ldc) {
  if (m == 0 || n == 0) return;
  set_threads(ctx.n_threads());
  cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, static_cast<blasint>(m),
              static_cast<blasint>(n), static_cast<blasint>(k), alpha, a, static_cast<blasint>(lda),
              b, static_cast<blasint>(ldb), beta, c, static_cast<blasint>(ldc));
}

void dgemm_nn(const Context& ctx, Index m, Index n, Index k, double alpha, const double* a,
              Index lda, const double* b, Index ldb, double beta, double* c, Index ldc) {
  if (m == 0 || n == 0) return;
  set_threads(ctx.n_threads());
  cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, static_cast<blasint>(m),
              static_cast<blasint>(n), static_cast<blasint>(k), alpha, a, static_cast<blasint>(lda),
              b, static_cast<blasint>(ldb), beta, c, static_cast<blasint>(ldc));
}

}  // namespace metaul::blas
