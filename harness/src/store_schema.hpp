#pragma once

#include <string>
#include <vector>

namespace claimbench::detail {
// migrations()[i] moves the schema from user_version i to i+1.
const std::vector<std::string>& migrations();
}  // namespace claimbench::detail
