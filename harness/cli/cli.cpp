#include "cli.hpp"

#include <boost/program_options.hpp>
#include <iostream>

#include "claimbench/input_error.hpp"

namespace claimbench::cli {

namespace {

const char* kUsage = R"(claimbench: checks published claims about sparse and low-power AI inference by running them.

Usage: claimbench <command> [options]      (claimbench <command> --help for its options)

Commands:
  list claims|implementations|workloads   what the project knows
  run                                     measure the claims' checks into a results database
  verdicts                                show (or recompute) a run's verdicts from the database
  report                                  write Markdown and CSV reports from the database alone
  export --json                           a run's samples in Google Benchmark's JSON format

Exit codes: 0 ok (whatever the verdicts), 1 a measurement errored or failed correctness, 2 bad input.
)";

}  // namespace

std::string default_claims_dir() { return CLAIMBENCH_DEFAULT_CLAIMS_DIR; }
std::string default_data_dir() { return CLAIMBENCH_DEFAULT_DATA_DIR; }

int run_cli(const std::vector<std::string>& arguments) {
  std::string command_line = "claimbench";
  for (const auto& a : arguments) command_line += " " + a;
  try {
    if (arguments.empty()) {
      std::cerr << kUsage;
      return kExitBadInput;
    }
    const std::string command = arguments.front();
    const std::vector<std::string> rest(arguments.begin() + 1, arguments.end());
    if (command == "--help" || command == "-h" || command == "help") {
      std::cout << kUsage;
      return kExitOk;
    }
    if (command == "list") return command_list(rest);
    if (command == "run") return command_run(rest, command_line);
    if (command == "verdicts") return command_verdicts(rest);
    if (command == "report") return command_report(rest);
    if (command == "export") return command_export(rest);
    std::cerr << "claimbench: unknown command '" << command << "'\n\n" << kUsage;
    return kExitBadInput;
  } catch (const InputError& e) {
    std::cerr << e.what() << "\n";
    return kExitBadInput;
  } catch (const boost::program_options::error& e) {
    std::cerr << "claimbench: " << e.what() << " (see --help)\n";
    return kExitBadInput;
  } catch (const std::exception& e) {
    std::cerr << "claimbench: " << e.what() << "\n";
    return kExitMeasurementFailed;
  }
}

int run_cli(int argc, char** argv) {
  std::vector<std::string> arguments;
  for (int i = 1; i < argc; ++i) arguments.emplace_back(argv[i]);
  return run_cli(arguments);
}

}  // namespace claimbench::cli
