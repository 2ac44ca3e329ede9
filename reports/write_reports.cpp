#include <algorithm>
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

std::vector<std::string> write_all_reports(const ReportModel& model, const std::filesystem::path& folder,
                                           const Comparison* comparison) {
  auto written = write_reports(model, folder);
  std::vector<std::pair<std::string, std::string>> files = {
      {"index.html", html_report(model, comparison)},
      {"report.json", tables_json(model, comparison)},
  };
  if (comparison) {
    files.emplace_back("compare.csv", comparison_csv(*comparison));
    files.emplace_back("report.md", markdown_report(model) + comparison_markdown(*comparison));
  }
  for (const auto& [name, text] : files) {
    const auto path = folder / name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error(path.string() + ": cannot write");
    out << text;
    if (std::find(written.begin(), written.end(), path.string()) == written.end()) written.push_back(path.string());
  }
  return written;
}

}  // namespace claimbench::reports
