#include <fstream>
#include <stdexcept>

#include "report_writers.hpp"

namespace claimbench::reports {

std::vector<std::string> write_reports(const ReportModel& model, const std::filesystem::path& folder) {
  std::filesystem::create_directories(folder);
  const std::pair<const char*, std::string> files[] = {
      {"report.md", markdown_report(model)},
      {"verdicts.csv", verdicts_csv(model)},
      {"speedups.csv", speedups_csv(model)},
      {"measurements.csv", measurements_csv(model)},
  };
  std::vector<std::string> written;
  for (const auto& [name, text] : files) {
    const auto path = folder / name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error(path.string() + ": cannot write");
    out << text;
    written.push_back(path.string());
  }
  return written;
}

}  // namespace claimbench::reports
