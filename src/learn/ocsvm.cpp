#include "metaul/learn/ocsvm.h"

#include <libsvm/svm.h>

#include <string>

#include "metaul/core/error.h"
#include "metaul/core/parallel.h"
#include "metaul/learn/anomaly_common.h"

namespace metaul {

namespace {
void silent(const char*) {}
}  // namespace

// LIBSVM keeps pointers into the training nodes: they live as long as the model.
struct OneClassSVM::Model {
  std::vector<svm_node> nodes;
  std::vector<svm_node*> rows;
  svm_model* model = nullptr;
  Model() = default;
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;
  ~Model() {
    if (model != nullptr) svm_free_and_destroy_model(&model);
  }
};

const ParamTable& OneClassSVM::param_specs() {
  static const ParamTable table = {
      ParamSpec::real("nu", 0.5,
                      "upper bound on the training outlier fraction, lower bound on "
                      "the support-vector fraction")
          .greater_than(0)
          .at_most(1),
      ParamSpec::choice("kernel", "rbf", {"rbf", "linear", "poly", "sigmoid"}, "kernel function"),
      ParamSpec::real("gamma", 0.0, "kernel coefficient; none = 1 / (d var(X)) ('scale')")
          .greater_than(0)
          .allow_none(true),
      ParamSpec::integer("degree", 3, "degree of the poly kernel").at_least(0),
      ParamSpec::real("coef0", 0.0, "constant term of the poly and sigmoid kernels"),
      ParamSpec::real("tol", 1e-3, "stopping tolerance of the SMO solver").greater_than(0),
      ParamSpec::boolean("shrinking", true, "use LIBSVM's shrinking heuristic"),
      ParamSpec::real("cache_size", 200.0, "kernel cache size in MB").greater_than(0),
      ParamSpec::contamination(),
  };
  return table;
}

void OneClassSVM::fit(MatrixView x, const Context& ctx) {
  const std::string op = op_name("fit");
  check_input(x, op.c_str(), 1);
  const Index n = x.rows(), d = x.cols();
  double gamma;
  if (p_none("gamma")) {
    // numpy's X.var() over all entries (two passes in double).
    const double count = static_cast<double>(n) * static_cast<double>(d);
    double mean = 0;
    for (Index i = 0; i < n; ++i) {
      for (Index j = 0; j < d; ++j) mean += x(i, j);
    }
    mean /= count;
    double var = 0;
    for (Index i = 0; i < n; ++i) {
      for (Index j = 0; j < d; ++j) {
        const double t = x(i, j) - mean;
        var += t * t;
      }
    }
    var /= count;
    gamma = var > 0 ? 1.0 / (static_cast<double>(d) * var) : 1.0;
  } else {
    gamma = p_double("gamma");
  }
  auto m = std::make_shared<Model>();
  m->nodes.resize(static_cast<std::size_t>(n * (d + 1)));
  m->rows.resize(static_cast<std::size_t>(n));
  for (Index i = 0; i < n; ++i) {
    svm_node* row = &m->nodes[static_cast<std::size_t>(i * (d + 1))];
    for (Index j = 0; j < d; ++j) row[j] = {static_cast<int>(j + 1), x(i, j)};
    row[d] = {-1, 0.0};
    m->rows[static_cast<std::size_t>(i)] = row;
  }
  std::vector<double> y(static_cast<std::size_t>(n), 1.0);
  svm_problem prob{};
  prob.l = static_cast<int>(n);
  prob.y = y.data();
  prob.x = m->rows.data();
  svm_parameter param{};
  param.svm_type = ONE_CLASS;
  const std::string& kernel = p_string("kernel");
  param.kernel_type = kernel == "rbf"      ? RBF
                      : kernel == "linear" ? LINEAR
                      : kernel == "poly"   ? POLY
                                           : SIGMOID;
  param.degree = static_cast<int>(p_int("degree"));
  param.gamma = gamma;
  param.coef0 = p_double("coef0");
  param.cache_size = p_double("cache_size");
  param.eps = p_double("tol");
  param.C = 1.0;
  param.nu = p_double("nu");
  param.shrinking = p_bool("shrinking") ? 1 : 0;
  param.probability = 0;
  if (const char* err = svm_check_parameter(&prob, &param)) {
    throw InvalidParameter(op + ": " + err);
  }
  svm_set_print_string_function(&silent);
  m->model = svm_train(&prob, &param);
  if (m->model == nullptr) throw InvalidInput(op + ": LIBSVM training failed");
  model_ = std::move(m);
  n_features_ = d;
  gamma_ = gamma;
  set_fitted(true);
  training_scores_ = score_samples(x, ctx);
}

std::vector<double> OneClassSVM::decision_function(MatrixView x, const Context& ctx) const {
  require_fitted("decision_function");
  anomaly_detail::check_predict_input(x, n_features_, op_name("decision_function"));
  const Index d = n_features_;
  std::vector<double> out(static_cast<std::size_t>(x.rows()));
  const svm_model* model = model_->model;
  parallel_for(ctx, x.rows(), [&](Index i) {
    std::vector<svm_node> row(static_cast<std::size_t>(d + 1));
    for (Index j = 0; j < d; ++j)
      row[static_cast<std::size_t>(j)] = {static_cast<int>(j + 1), x(i, j)};
    row[static_cast<std::size_t>(d)] = {-1, 0.0};
    double dec = 0;
    svm_predict_values(model, row.data(), &dec);
    out[static_cast<std::size_t>(i)] = dec;
  });
  return out;
}

std::vector<double> OneClassSVM::score_samples(MatrixView x, const Context& ctx) const {
  require_fitted("score_samples");
  std::vector<double> s = decision_function(x, ctx);
  for (double& v : s) v = -v;
  return s;
}

Index OneClassSVM::n_support() const {
  require_fitted("n_support");
  return model_->model->l;
}

double OneClassSVM::rho() const {
  require_fitted("rho");
  return model_->model->rho[0];
}

}  // namespace metaul
