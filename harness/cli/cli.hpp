// The claimbench command line. Exit codes: 0 ok (whatever the verdicts: a claim that does
// not reproduce is a result), 1 a measurement errored or failed its correctness check,
// 2 bad input (claim files, workload tables, options, database).
#pragma once

#include <string>
#include <vector>

namespace claimbench::cli {

constexpr int kExitOk = 0;
constexpr int kExitMeasurementFailed = 1;
constexpr int kExitBadInput = 2;

// argv[0] is the program name; the first argument names the subcommand.
int run_cli(int argc, char** argv);
int run_cli(const std::vector<std::string>& arguments);  // arguments without the program name

// Subcommands: arguments exclude the subcommand's own name.
int command_list(const std::vector<std::string>& arguments);
int command_run(const std::vector<std::string>& arguments, const std::string& command_line);
int command_verdicts(const std::vector<std::string>& arguments);
int command_report(const std::vector<std::string>& arguments);
int command_export(const std::vector<std::string>& arguments);

std::string default_claims_dir();
std::string default_data_dir();

}  // namespace claimbench::cli
