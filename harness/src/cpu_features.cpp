#include "claimbench/cpu_features.hpp"

#include <fstream>

namespace claimbench {

const CpuFeatures& CpuFeatures::detect() {
  static const CpuFeatures features = [] {
    CpuFeatures f;
    __builtin_cpu_init();
    f.sse42 = __builtin_cpu_supports("sse4.2");
    f.avx = __builtin_cpu_supports("avx");
    f.avx2 = __builtin_cpu_supports("avx2");
    f.fma = __builtin_cpu_supports("fma");
    f.avx512f = __builtin_cpu_supports("avx512f");
    f.avx512bw = __builtin_cpu_supports("avx512bw");
    f.avx512vl = __builtin_cpu_supports("avx512vl");
    f.avx512dq = __builtin_cpu_supports("avx512dq");
    f.avx512vnni = __builtin_cpu_supports("avx512vnni");
    f.avx512vbmi = __builtin_cpu_supports("avx512vbmi");
    f.avx512bf16 = __builtin_cpu_supports("avx512bf16");
    f.avx512fp16 = __builtin_cpu_supports("avx512fp16");
    f.avxvnni = __builtin_cpu_supports("avxvnni");
    f.amx_tile = __builtin_cpu_supports("amx-tile");
    return f;
  }();
  return features;
}

const std::vector<std::string>& CpuFeatures::known_names() {
  static const std::vector<std::string> names{"sse4.2",   "avx",        "avx2",       "fma",
                                              "avx512f",  "avx512bw",   "avx512vl",   "avx512dq",
                                              "avx512vnni", "avx512vbmi", "avx512bf16", "avx512fp16", "avxvnni",
                                              "amx-tile"};
  return names;
}

bool CpuFeatures::has(const std::string& name) const {
  if (name == "sse4.2") return sse42;
  if (name == "avx") return avx;
  if (name == "avx2") return avx2;
  if (name == "fma") return fma;
  if (name == "avx512f") return avx512f;
  if (name == "avx512bw") return avx512bw;
  if (name == "avx512vl") return avx512vl;
  if (name == "avx512dq") return avx512dq;
  if (name == "avx512vnni") return avx512vnni;
  if (name == "avx512vbmi") return avx512vbmi;
  if (name == "avx512bf16") return avx512bf16;
  if (name == "avx512fp16") return avx512fp16;
  if (name == "avxvnni") return avxvnni;
  if (name == "amx-tile") return amx_tile;
  return false;
}

std::vector<std::string> CpuFeatures::names() const {
  std::vector<std::string> out;
  for (const auto& name : known_names())
    if (has(name)) out.push_back(name);
  return out;
}

std::string cpu_model_name() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) {
      auto colon = line.find(':');
      if (colon != std::string::npos) return line.substr(line.find_first_not_of(" \t", colon + 1));
    }
  }
  return "unknown";
}

}  // namespace claimbench
