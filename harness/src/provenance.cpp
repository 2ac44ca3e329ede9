#include "claimbench/provenance.hpp"

#include <sqlite3.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <array>
#include <boost/version.hpp>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <pugixml.hpp>
#include <sstream>
#include <thread>
#include <vector>

#include "build_info.hpp"
#include "claimbench/cpu_features.hpp"
#include "claimbench/machine_limits.hpp"
#include "claimbench/requirements.hpp"

extern char** environ;

namespace claimbench {

namespace {

std::vector<ProvenanceProvider>& providers() {
  static std::vector<ProvenanceProvider> list;
  return list;
}

std::string read_first_line(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  return line;
}

std::string command_output(const std::string& command) {
  std::string out;
  if (FILE* pipe = popen(command.c_str(), "r")) {
    std::array<char, 256> buffer{};
    while (fgets(buffer.data(), buffer.size(), pipe)) out += buffer.data();
    pclose(pipe);
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

std::string os_pretty_name() {
  std::ifstream in("/etc/os-release");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("PRETTY_NAME=", 0) == 0) {
      std::string v = line.substr(12);
      if (v.size() >= 2 && v.front() == '"') v = v.substr(1, v.size() - 2);
      return v;
    }
  }
  return "unknown";
}

void add_caches(std::map<std::string, std::string>& p) {
  namespace fs = std::filesystem;
  const fs::path base = "/sys/devices/system/cpu/cpu0/cache";
  std::error_code ec;
  if (!fs::exists(base, ec)) return;
  for (int index = 0; index < 8; ++index) {
    const fs::path dir = base / ("index" + std::to_string(index));
    if (!fs::exists(dir, ec)) break;
    const std::string level = read_first_line(dir / "level");
    std::string type = read_first_line(dir / "type");
    const std::string size = read_first_line(dir / "size");
    const std::string shared = read_first_line(dir / "shared_cpu_list");
    std::string name = "L" + level;
    if (type == "Data") name += "d";
    else if (type == "Instruction") name += "i";
    p["cpu.cache." + name] = size + (shared.empty() ? "" : " (shared by cpus " + shared + ")");
  }
}

bool interesting_variable(const std::string& name) {
  static const char* prefixes[] = {"OPENBLAS_", "OMP_", "GOMP_", "KMP_", "DNNL_", "ONEDNN_", "MKL_",
                                   "CUDA_", "CLAIMBENCH_", "LD_LIBRARY_PATH", "LD_PRELOAD"};
  for (const char* p : prefixes)
    if (name.rfind(p, 0) == 0) return true;
  return false;
}

}  // namespace

void add_provenance_provider(ProvenanceProvider provider) { providers().push_back(provider); }

std::string utc_now_iso8601() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

std::map<std::string, std::string> capture_provenance(const std::string& command_line) {
  std::map<std::string, std::string> p;
  const auto& features = CpuFeatures::detect();
  p["cpu.model"] = cpu_model_name();
  std::string feature_list;
  for (const auto& f : features.names()) feature_list += (feature_list.empty() ? "" : " ") + f;
  p["cpu.features"] = feature_list;
  p["cpu.logical_cores"] = std::to_string(std::thread::hardware_concurrency());
  add_caches(p);
  const std::string governor = read_first_line("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor");
  p["cpu.scaling_governor"] = governor.empty() ? "not exposed" : governor;

  utsname u{};
  if (uname(&u) == 0) {
    p["os.kernel"] = std::string(u.sysname) + " " + u.release + " " + u.machine;
    p["host.name"] = u.nodename;
  }
  p["os.name"] = os_pretty_name();

  p["build.compiler"] = std::string(CLAIMBENCH_COMPILER_ID) + " " + CLAIMBENCH_COMPILER_VERSION;
  p["build.type"] = CLAIMBENCH_BUILD_TYPE;
  p["build.cxx_flags"] = CLAIMBENCH_CXX_FLAGS;
  p["claimbench.version"] = CLAIMBENCH_VERSION;

  const std::string git = std::string("git -C '") + CLAIMBENCH_SOURCE_DIR + "' ";
  const std::string commit = command_output(git + "rev-parse --verify -q HEAD 2>/dev/null");
  p["git.commit"] = commit.empty() ? "unknown (not a git checkout)" : commit;
  if (!commit.empty()) {
    const std::string status = command_output(git + "status --porcelain 2>/dev/null");
    p["git.dirty"] = status.empty() ? "no" : "yes";
  }

  p["lib.sqlite"] = sqlite3_libversion();
  p["lib.boost"] = std::to_string(BOOST_VERSION / 100000) + "." + std::to_string(BOOST_VERSION / 100 % 1000) +
                   "." + std::to_string(BOOST_VERSION % 100);
  p["lib.pugixml"] = std::to_string(PUGIXML_VERSION / 1000) + "." + std::to_string(PUGIXML_VERSION % 1000 / 10);
  p["lib.google_benchmark"] = CLAIMBENCH_BENCHMARK_VERSION;

  const auto& cuda = CudaDevices::detect();
  p["cuda.driver"] = cuda.driver_message;
  p["cuda.devices"] = std::to_string(cuda.devices.size());

  for (char** e = environ; e && *e; ++e) {
    const std::string entry = *e;
    const auto eq = entry.find('=');
    if (eq == std::string::npos) continue;
    const std::string name = entry.substr(0, eq);
    if (interesting_variable(name)) p["env." + name] = entry.substr(eq + 1);
  }
  p["command_line"] = command_line;
  for (auto& [key, value] : machine_limits_provenance()) p[key] = value;  // measured peak and bandwidth
  for (auto provider : providers())
    for (auto& [key, value] : provider()) p[key] = value;
  return p;
}

}  // namespace claimbench
