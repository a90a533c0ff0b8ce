#include "metaul/learn/scalers.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "metaul/core/error.h"
#include "metaul/core/parallel.h"

namespace metaul {

namespace {

constexpr double kEps = std::numeric_limits<double>::epsilon();

void check_columns(MatrixView x, std::size_t fitted, const std::string& op) {
  check_input(x, op.c_str(), 0);
  if (static_cast<std::size_t>(x.cols()) != fitted) {
    throw InvalidInput(
        fmt::format("{}: X has {} features, the scaler was fitted with {}", op, x.cols(), fitted));
  }
}

// out[i, j] = (x[i, j] - shift[j]) * factor[j], computed in double.
Matrix affine(MatrixView x, const std::vector<double>& shift, const std::vector<double>& factor,
              const Context& ctx) {
  Matrix out(x.rows(), x.cols());
  parallel_for(ctx, x.rows(), [&](Index i) {
    const float* in = x.row(i);
    float* o = out.row(i);
    for (Index j = 0; j < x.cols(); ++j) {
      o[j] = static_cast<float>((static_cast<double>(in[j]) - shift[j]) * factor[j]);
    }
  });
  return out;
}

std::vector<double> inverse(const std::vector<double>& v) {
  std::vector<double> out(v.size());
  for (std::size_t j = 0; j < v.size(); ++j) out[j] = 1.0 / v[j];
  return out;
}

// Column j of X as doubles.
std::vector<double> column(MatrixView x, Index j) {
  std::vector<double> c(static_cast<std::size_t>(x.rows()));
  for (Index i = 0; i < x.rows(); ++i) c[static_cast<std::size_t>(i)] = x(i, j);
  return c;
}

// numpy.percentile(..., method="linear") on sorted values, with numpy's two-sided lerp.
double percentile_sorted(const std::vector<double>& sorted, double q) {
  const double pos = q / 100.0 * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  const double t = pos - static_cast<double>(lo);
  const double a = sorted[lo], b = sorted[hi];
  const double diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

}  // namespace

// ---- StandardScaler -------------------------------------------------------------------------

const ParamTable& StandardScaler::param_specs() {
  static const ParamTable table = {
      ParamSpec::boolean("with_mean", true, "subtract the column means"),
      ParamSpec::boolean("with_std", true, "divide by the column standard deviations"),
  };
  return table;
}

void StandardScaler::fit(MatrixView x, const Context& ctx) {
  set_fitted(false);  // a failed fit must not leave a half-updated model usable
  const auto op = op_name("fit");
  check_input(x, op.c_str());
  const Index n = x.rows(), d = x.cols();
  mean_.assign(static_cast<std::size_t>(d), 0.0);
  var_.assign(static_cast<std::size_t>(d), 0.0);
  // Two passes per column (mean, then squared deviations) for accuracy.
  parallel_for(ctx, d, [&](Index j) {
    double s = 0;
    for (Index i = 0; i < n; ++i) s += x(i, j);
    const double mean = s / static_cast<double>(n);
    double s2 = 0;
    for (Index i = 0; i < n; ++i) {
      const double t = x(i, j) - mean;
      s2 += t * t;
    }
    mean_[static_cast<std::size_t>(j)] = mean;
    var_[static_cast<std::size_t>(j)] = s2 / static_cast<double>(n);
  });
  scale_.assign(static_cast<std::size_t>(d), 1.0);
  if (p_bool("with_std")) {
    for (Index j = 0; j < d; ++j) {
      const double v = var_[j], m = mean_[j], nn = static_cast<double>(n);
      const double bound = nn * kEps * v + (nn * m * kEps) * (nn * m * kEps);
      scale_[j] = v <= bound ? 1.0 : std::sqrt(v);
    }
  }
  if (!p_bool("with_mean")) std::fill(mean_.begin(), mean_.end(), 0.0);
  set_fitted(true);
}

Matrix StandardScaler::transform(MatrixView x, const Context& ctx) const {
  require_fitted("transform");
  check_columns(x, mean_.size(), op_name("transform"));
  return affine(x, mean_, inverse(scale_), ctx);
}

Matrix StandardScaler::inverse_transform(MatrixView x, const Context& ctx) const {
  require_fitted("inverse_transform");
  check_columns(x, mean_.size(), op_name("inverse_transform"));
  std::vector<double> shift(mean_.size());
  for (std::size_t j = 0; j < shift.size(); ++j) shift[j] = -mean_[j] / scale_[j];
  return affine(x, shift, scale_, ctx);
}

const std::vector<double>& StandardScaler::mean() const {
  require_fitted("mean");
  return mean_;
}
const std::vector<double>& StandardScaler::var() const {
  require_fitted("var");
  return var_;
}
const std::vector<double>& StandardScaler::scale() const {
  require_fitted("scale");
  return scale_;
}

// ---- RobustScaler ---------------------------------------------------------------------------

const ParamTable& RobustScaler::param_specs() {
  static const ParamTable table = {
      ParamSpec::boolean("with_centering", true, "subtract the column medians"),
      ParamSpec::boolean("with_scaling", true, "divide by the interquantile range"),
      ParamSpec::real("q_min", 25.0, "lower percentile of the range (scikit-learn quantile_range)")
          .at_least(0)
          .at_most(100),
      ParamSpec::real("q_max", 75.0, "upper percentile of the range (scikit-learn quantile_range)")
          .at_least(0)
          .at_most(100),
  };
  return table;
}

void RobustScaler::fit(MatrixView x, const Context& ctx) {
  set_fitted(false);  // a failed fit must not leave a half-updated model usable
  const auto op = op_name("fit");
  const double q_min = p_double("q_min"), q_max = p_double("q_max");
  if (!(q_min < q_max)) {
    throw InvalidParameter(
        fmt::format("{}: q_min ({}) must be smaller than q_max ({})", op, q_min, q_max));
  }
  check_input(x, op.c_str());
  const Index d = x.cols();
  center_.assign(static_cast<std::size_t>(d), 0.0);
  scale_.assign(static_cast<std::size_t>(d), 1.0);
  const bool centering = p_bool("with_centering"), scaling = p_bool("with_scaling");
  parallel_for(ctx, d, [&](Index j) {
    std::vector<double> c = column(x, j);
    std::sort(c.begin(), c.end());
    const std::size_t n = c.size();
    if (centering) {
      // numpy.median: the middle value, or the mean of the two middle values.
      center_[j] = n % 2 == 1 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2.0;
    }
    if (scaling) {
      const double range = percentile_sorted(c, q_max) - percentile_sorted(c, q_min);
      scale_[j] = range < 10 * kEps ? 1.0 : range;
    }
  });
  set_fitted(true);
}

Matrix RobustScaler::transform(MatrixView x, const Context& ctx) const {
  require_fitted("transform");
  check_columns(x, center_.size(), op_name("transform"));
  return affine(x, center_, inverse(scale_), ctx);
}

Matrix RobustScaler::inverse_transform(MatrixView x, const Context& ctx) const {
  require_fitted("inverse_transform");
  check_columns(x, center_.size(), op_name("inverse_transform"));
  std::vector<double> shift(center_.size());
  for (std::size_t j = 0; j < shift.size(); ++j) shift[j] = -center_[j] / scale_[j];
  return affine(x, shift, scale_, ctx);
}

const std::vector<double>& RobustScaler::center() const {
  require_fitted("center");
  return center_;
}
const std::vector<double>& RobustScaler::scale() const {
  require_fitted("scale");
  return scale_;
}

// ---- MinMaxScaler ---------------------------------------------------------------------------

const ParamTable& MinMaxScaler::param_specs() {
  static const ParamTable table = {
      ParamSpec::real("min", 0.0, "lower end of the target range (scikit-learn feature_range)"),
      ParamSpec::real("max", 1.0, "upper end of the target range (scikit-learn feature_range)"),
      ParamSpec::boolean("clip", false, "clip transformed values to [min, max]"),
  };
  return table;
}

void MinMaxScaler::fit(MatrixView x, const Context& ctx) {
  set_fitted(false);  // a failed fit must not leave a half-updated model usable
  const auto op = op_name("fit");
  const double lo = p_double("min"), hi = p_double("max");
  if (!(lo < hi)) {
    throw InvalidParameter(fmt::format("{}: min ({}) must be smaller than max ({})", op, lo, hi));
  }
  check_input(x, op.c_str());
  const Index d = x.cols();
  data_min_.assign(static_cast<std::size_t>(d), 0.0);
  data_max_.assign(static_cast<std::size_t>(d), 0.0);
  scale_.assign(static_cast<std::size_t>(d), 0.0);
  offset_.assign(static_cast<std::size_t>(d), 0.0);
  parallel_for(ctx, d, [&](Index j) {
    double mn = x(0, j), mx = x(0, j);
    for (Index i = 1; i < x.rows(); ++i) {
      mn = std::min<double>(mn, x(i, j));
      mx = std::max<double>(mx, x(i, j));
    }
    data_min_[j] = mn;
    data_max_[j] = mx;
    const double range = mx - mn;
    scale_[j] = (hi - lo) / (range < 10 * kEps ? 1.0 : range);
    offset_[j] = lo - mn * scale_[j];
  });
  set_fitted(true);
}

Matrix MinMaxScaler::transform(MatrixView x, const Context& ctx) const {
  require_fitted("transform");
  check_columns(x, scale_.size(), op_name("transform"));
  const bool clip = p_bool("clip");
  const double lo = p_double("min"), hi = p_double("max");
  Matrix out(x.rows(), x.cols());
  parallel_for(ctx, x.rows(), [&](Index i) {
    for (Index j = 0; j < x.cols(); ++j) {
      double v = x(i, j) * scale_[j] + offset_[j];
      if (clip) v = std::clamp(v, lo, hi);
      out(i, j) = static_cast<float>(v);
    }
  });
  return out;
}

Matrix MinMaxScaler::inverse_transform(MatrixView x, const Context& ctx) const {
  require_fitted("inverse_transform");
  check_columns(x, scale_.size(), op_name("inverse_transform"));
  return affine(x, offset_, inverse(scale_), ctx);
}

const std::vector<double>& MinMaxScaler::data_min() const {
  require_fitted("data_min");
  return data_min_;
}
const std::vector<double>& MinMaxScaler::data_max() const {
  require_fitted("data_max");
  return data_max_;
}
const std::vector<double>& MinMaxScaler::scale() const {
  require_fitted("scale");
  return scale_;
}
const std::vector<double>& MinMaxScaler::offset() const {
  require_fitted("offset");
  return offset_;
}

}  // namespace metaul
