// The artifact cache kept in the results database (table `artifacts`), so a trained model
// survives between runs exactly as long as the database that holds its results.
#pragma once

#include "claimbench/artifact_cache.hpp"

namespace claimbench {

class Store;

class StoreArtifactCache : public ArtifactCache {
 public:
  explicit StoreArtifactCache(Store& store) : store_(store) {}
  std::optional<std::vector<unsigned char>> get(const std::string& key) override;
  void put(const std::string& key, const std::vector<unsigned char>& bytes, const std::string& description) override;

 private:
  Store& store_;
};

}  // namespace claimbench
