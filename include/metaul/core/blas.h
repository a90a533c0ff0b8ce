#pragma once
/// @file blas.h
/// Thin wrappers over OpenBLAS (its OpenMP build, so that BLAS and metaul's OpenMP regions share
/// one thread pool). The thread count comes from the Context on every call.

#include "metaul/core/context.h"
#include "metaul/core/matrix.h"

namespace metaul::blas {

/// C (m × n, row-major, leading dimension ldc) = alpha · A · Bᵀ + beta · C, where A is m × k
/// (lda) and B is n × k (ldb), all row-major float32. Threads: ctx.n_threads().
void gemm_nt(const Context& ctx, Index m, Index n, Index k, float alpha, const float* a, Index lda,
             const float* b, Index ldb, float beta, float* c, Index ldc);

/// C (m × n) = alpha · A · B + beta · C with A m × k and B k × n, row-major float32.
void gemm_nn(const Context& ctx, Index m, Index n, Index k, float alpha, const float* a, Index lda,
             const float* b, Index ldb, float beta, float* c, Index ldc);

/// Double-precision C = alpha · A · Bᵀ + beta · C (row-major), for small dense problems.
void dgemm_nt(const Context& ctx, Index m, Index n, Index k, double alpha, const double* a,
              Index lda, const double* b, Index ldb, double beta, double* c, Index ldc);

/// Double-precision C = alpha · A · B + beta · C (row-major), A m × k, B k × n.
void dgemm_nn(const Context& ctx, Index m, Index n, Index k, double alpha, const double* a,
              Index lda, const double* b, Index ldb, double beta, double* c, Index ldc);

/// Sets the BLAS thread count (called by the wrappers; exposed for code calling cblas directly).
void set_threads(int threads);

}  // namespace metaul::blas
