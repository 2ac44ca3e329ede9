#include "claimbench/store_artifact_cache.hpp"

#include "claimbench/provenance.hpp"
#include "claimbench/store.hpp"

namespace claimbench {

std::optional<std::vector<unsigned char>> StoreArtifactCache::get(const std::string& key) {
  auto bytes = store_.artifact(key);
  if (!bytes) return std::nullopt;
  return std::vector<unsigned char>(bytes->begin(), bytes->end());
}

void StoreArtifactCache::put(const std::string& key, const std::vector<unsigned char>& bytes,
                             const std::string& description) {
  store_.put_artifact(key, std::string(bytes.begin(), bytes.end()), description, utc_now_iso8601());
}

}  // namespace claimbench
