#include "metaul/learn/birch.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include <fmt/format.h>

#include "metaul/core/error.h"
#include "metaul/core/parallel.h"
#include "metaul/learn/agglomerative.h"

namespace metaul {

const ParamTable& Birch::param_specs() {
  static const ParamTable table = {
      ParamSpec::real("threshold", 0.5, "largest radius of a leaf subcluster a row may join")
          .greater_than(0),
      ParamSpec::integer("branching_factor", 50, "most subclusters per tree node").greater_than(1),
      ParamSpec::integer("n_clusters", 3,
                         "clusters of the global ward step (none: one per subcluster)")
          .at_least(1)
          .allow_none(),
  };
  return table;
}

namespace {

// Sequential float32 dot product, as BLAS computes short ones.
float dot(const std::vector<float>& a, const std::vector<float>& b) {
  float s = 0;
  for (std::size_t j = 0; j < a.size(); ++j) s += a[j] * b[j];
  return s;
}

struct Subcluster {
  Index n = 0;
  std::vector<float> linear_sum;
  float squared_sum = 0;
  std::vector<float> centroid;
  float sq_norm = 0;
  int child = -1;  // node index, -1 in a leaf

  static Subcluster of_row(const float* row, Index d) {
    Subcluster s;
    s.n = 1;
    s.linear_sum.assign(row, row + d);
    s.centroid = s.linear_sum;
    s.squared_sum = s.sq_norm = dot(s.linear_sum, s.linear_sum);
    return s;
  }

  void update(const Subcluster& other) {
    if (linear_sum.empty()) linear_sum.assign(other.linear_sum.size(), 0.0f);
    n += other.n;
    for (std::size_t j = 0; j < linear_sum.size(); ++j) linear_sum[j] += other.linear_sum[j];
    squared_sum += other.squared_sum;
    centroid.resize(linear_sum.size());
    const auto count = static_cast<float>(n);
    for (std::size_t j = 0; j < linear_sum.size(); ++j) centroid[j] = linear_sum[j] / count;
    sq_norm = dot(centroid, centroid);
  }

  // Absorbs `other` when the merged radius is within the threshold (scikit-learn's
  // merge_subcluster, with its float32/float64 mix).
  bool try_merge(const Subcluster& other, double threshold) {
    const float new_ss = squared_sum + other.squared_sum;
    std::vector<float> new_ls(linear_sum.size());
    for (std::size_t j = 0; j < new_ls.size(); ++j) new_ls[j] = linear_sum[j] + other.linear_sum[j];
    const Index new_n = n + other.n;
    const auto inv = static_cast<float>(1.0 / static_cast<double>(new_n));
    std::vector<float> new_centroid(new_ls.size());
    for (std::size_t j = 0; j < new_ls.size(); ++j) new_centroid[j] = inv * new_ls[j];
    const float new_sq_norm = dot(new_centroid, new_centroid);
    const double sq_radius =
        static_cast<double>(new_ss) / static_cast<double>(new_n) - static_cast<double>(new_sq_norm);
    if (sq_radius > threshold * threshold) return false;
    n = new_n;
    linear_sum = std::move(new_ls);
    squared_sum = new_ss;
    centroid = std::move(new_centroid);
    sq_norm = new_sq_norm;
    return true;
  }
};

struct Node {
  bool leaf = true;
  std::vector<Subcluster> subclusters;
  int prev = -1, next = -1;  // leaf chain
};

class CfTree {
 public:
  CfTree(double threshold, Index branching) : threshold_(threshold), branching_(branching) {
    nodes_.push_back(Node{});  // 0: the dummy head of the leaf chain
    nodes_.push_back(Node{});  // 1: the first root
    nodes_[0].next = 1;
    nodes_[1].prev = 0;
    root_ = 1;
  }

  void insert_row(const float* row, Index d) {
    const Subcluster s = Subcluster::of_row(row, d);
    if (insert(root_, s)) {
      auto [a, b] = split(root_);
      Node root;
      root.leaf = false;
      root.subclusters.push_back(std::move(a));
      root.subclusters.push_back(std::move(b));
      nodes_.push_back(std::move(root));
      root_ = static_cast<int>(nodes_.size()) - 1;
    }
  }

  // Leaf subcluster centroids in leaf-chain order.
  std::vector<float> leaf_centroids(Index& count) const {
    std::vector<float> out;
    count = 0;
    for (int leaf = nodes_[0].next; leaf >= 0; leaf = nodes_[static_cast<std::size_t>(leaf)].next) {
      for (const auto& s : nodes_[static_cast<std::size_t>(leaf)].subclusters) {
        out.insert(out.end(), s.centroid.begin(), s.centroid.end());
        ++count;
      }
    }
    return out;
  }

 private:
  Node& node(int id) { return nodes_[static_cast<std::size_t>(id)]; }

  // scikit-learn's insert_cf_subcluster; true when the node overflowed and must be split.
  bool insert(int id, const Subcluster& s) {
    if (node(id).subclusters.empty()) {
      node(id).subclusters.push_back(s);
      return false;
    }
    std::size_t closest = 0;
    float best = std::numeric_limits<float>::infinity();
    {
      const auto& subs = node(id).subclusters;
      for (std::size_t i = 0; i < subs.size(); ++i) {
        const float dist = dot(subs[i].centroid, s.centroid) * -2.0f + subs[i].sq_norm;
        if (dist < best) {
          best = dist;
          closest = i;
        }
      }
    }
    const int child = node(id).subclusters[closest].child;
    if (child >= 0) {
      if (!insert(child, s)) {
        node(id).subclusters[closest].update(s);
        return false;
      }
      auto [a, b] = split(child);
      auto& subs = node(id).subclusters;
      subs[closest] = std::move(a);
      subs.push_back(std::move(b));
      return static_cast<Index>(subs.size()) > branching_;
    }
    auto& subs = node(id).subclusters;
    if (subs[closest].try_merge(s, threshold_)) return false;
    subs.push_back(s);
    return static_cast<Index>(subs.size()) > branching_;
  }

  // scikit-learn's _split_node: the two farthest subclusters seed two new nodes, the others go
  // to the nearer seed (ties to the second); new leaves take the old leaf's place in the chain.
  std::pair<Subcluster, Subcluster> split(int id) {
    const bool leaf = node(id).leaf;
    Node first, second;
    first.leaf = second.leaf = leaf;
    nodes_.push_back(std::move(first));
    const int id1 = static_cast<int>(nodes_.size()) - 1;
    nodes_.push_back(std::move(second));
    const int id2 = static_cast<int>(nodes_.size()) - 1;
    if (leaf) {
      const int prev = node(id).prev, next = node(id).next;
      if (prev >= 0) node(prev).next = id1;
      node(id1).prev = prev;
      node(id1).next = id2;
      node(id2).prev = id1;
      node(id2).next = next;
      if (next >= 0) node(next).prev = id2;
    }
    std::vector<Subcluster> subs = std::move(node(id).subclusters);
    node(id).subclusters.clear();
    const std::size_t m = subs.size();
    auto sq_dist = [&](std::size_t a, std::size_t b) {
      if (a == b) return 0.0;
      double s = 0;
      for (std::size_t j = 0; j < subs[a].centroid.size(); ++j) {
        const double t = static_cast<double>(subs[a].centroid[j]) - subs[b].centroid[j];
        s += t * t;
      }
      return s;
    };
    std::size_t far1 = 0, far2 = 0;
    double farthest = -1;
    for (std::size_t a = 0; a < m; ++a) {
      for (std::size_t b = 0; b < m; ++b) {
        const double dist = sq_dist(a, b);
        if (dist > farthest) {
          farthest = dist;
          far1 = a;
          far2 = b;
        }
      }
    }
    Subcluster s1, s2;
    s1.child = id1;
    s2.child = id2;
    std::vector<char> to_first(m);
    for (std::size_t i = 0; i < m; ++i) {
      to_first[i] = i == far1 || sq_dist(far1, i) < sq_dist(far2, i);
    }
    for (std::size_t i = 0; i < m; ++i) {
      (to_first[i] ? s1 : s2).update(subs[i]);
      node(to_first[i] ? id1 : id2).subclusters.push_back(std::move(subs[i]));
    }
    return {std::move(s1), std::move(s2)};
  }

  double threshold_;
  Index branching_;
  std::vector<Node> nodes_;
  int root_;
};

std::vector<int> nearest_center(MatrixView x, MatrixView centers, const std::vector<int>& map,
                                const Context& ctx) {
  std::vector<int> labels(static_cast<std::size_t>(x.rows()));
  parallel_for(ctx, x.rows(), [&](Index i) {
    double best = std::numeric_limits<double>::infinity();
    Index arg = 0;
    for (Index c = 0; c < centers.rows(); ++c) {
      double s = 0;
      for (Index j = 0; j < x.cols(); ++j) {
        const double t = static_cast<double>(x(i, j)) - centers(c, j);
        s += t * t;
      }
      if (s < best) {
        best = s;
        arg = c;
      }
    }
    labels[static_cast<std::size_t>(i)] = map[static_cast<std::size_t>(arg)];
  });
  return labels;
}

}  // namespace

void Birch::fit(MatrixView x, const Context& ctx) {
  const auto op = op_name("fit");
  check_input(x, op.c_str());
  const Index n = x.rows(), d = x.cols();
  CfTree tree(p_double("threshold"), p_int("branching_factor"));
  for (Index i = 0; i < n; ++i) tree.insert_row(x.row(i), d);
  Index count = 0;
  std::vector<float> centroids = tree.leaf_centroids(count);
  centers_ = Matrix(count, d, std::move(centroids));

  subcluster_labels_.resize(static_cast<std::size_t>(count));
  if (p_none("n_clusters") || count < p_int("n_clusters") || count < 2) {
    for (Index c = 0; c < count; ++c)
      subcluster_labels_[static_cast<std::size_t>(c)] = static_cast<int>(c);
  } else {
    Agglomerative global;
    global.set_param("n_clusters", p_int("n_clusters"));
    global.fit(centers_, ctx);
    subcluster_labels_ = global.labels();
  }
  labels_ = nearest_center(x, centers_, subcluster_labels_, ctx);
  set_fitted(true);
}

std::vector<int> Birch::predict(MatrixView x, const Context& ctx) const {
  require_fitted("predict");
  check_input(x, op_name("predict").c_str());
  if (x.cols() != centers_.cols()) {
    throw InvalidInput(fmt::format("{}: X has {} features, the model was fitted with {}",
                                   op_name("predict"), x.cols(), centers_.cols()));
  }
  return nearest_center(x, centers_, subcluster_labels_, ctx);
}

const Matrix& Birch::subcluster_centers() const {
  require_fitted("subcluster_centers");
  return centers_;
}
const std::vector<int>& Birch::subcluster_labels() const {
  require_fitted("subcluster_labels");
  return subcluster_labels_;
}

}  // namespace metaul
