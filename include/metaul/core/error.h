#pragma once
/// @file error.h
/// The exception hierarchy of metaul. Every error the library raises derives from
/// `metaul::Error`. Messages lead with the operation and give the offending values, for
/// example `kmeans.fit: n_samples (3) < n_clusters (8)`.

#include <stdexcept>
#include <string>

namespace metaul {

/// Base of every metaul exception.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A hyperparameter or option is unknown, of the wrong type or out of range.
class InvalidParameter : public Error {
 public:
  using Error::Error;
};

/// The data handed to an operation is unusable (NaN/Inf, wrong shape, too few rows, ...).
class InvalidInput : public Error {
 public:
  using Error::Error;
};

/// A method that needs a fitted estimator was called before `fit`.
class NotFitted : public Error {
 public:
  using Error::Error;
};

/// The operation is not defined for this estimator (for example `predict` on DBSCAN).
class NotSupported : public Error {
 public:
  using Error::Error;
};

/// A file could not be read or written, or its content is malformed.
class IoError : public Error {
 public:
  using Error::Error;
};

}  // namespace metaul
