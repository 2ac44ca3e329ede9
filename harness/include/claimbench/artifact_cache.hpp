// A key-value store for expensive, deterministic products of prepare(): a trained model is
// keyed by everything that determines it (model, recipe, sparsity, seed, data checksum, code
// version), so a second run reuses it instead of retraining. Backed by the results database.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace claimbench {

class ArtifactCache {
 public:
  virtual ~ArtifactCache() = default;
  virtual std::optional<std::vector<unsigned char>> get(const std::string& key) = 0;
  // `description` is kept beside the bytes for people reading the database.
  virtual void put(const std::string& key, const std::vector<unsigned char>& bytes, const std::string& description) = 0;
};

}  // namespace claimbench
