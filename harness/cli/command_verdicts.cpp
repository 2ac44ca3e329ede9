#include <cstdio>

#include "claimbench/verdict.hpp"
#include "cli.hpp"
#include "command_support.hpp"

namespace claimbench::cli {

int command_verdicts(const std::vector<std::string>& arguments) {
  po::options_description options("Options");
  std::string db;
  bool recompute = false;
  options.add_options()("db", po::value(&db)->default_value("results.sqlite"), "results database")(
      "run", po::value<std::int64_t>(), "run id (default: the latest)")(
      "recompute", po::bool_switch(&recompute),
      "recompute the verdicts from the stored measurements and store them again");
  po::variables_map vm;
  if (!parse_options(arguments, "Usage: claimbench verdicts [options]\nShows a run's verdicts, read from the database.",
                     options, vm))
    return kExitOk;
  auto store = open_store(db, true);
  const std::int64_t run_id = resolve_run(*store, vm, db);
  if (recompute) {
    const auto before = store->verdicts(run_id);
    const auto fresh = compute_verdicts(*store, run_id);
    int changed = 0;
    for (const auto& v : fresh.verdicts) {
      bool same = false;
      for (const auto& b : before)
        if (b.claim_id == v.claim_id && b.check_id == v.check_id)
          same = b.state == v.state && b.measured == v.measured && b.ci_low == v.ci_low && b.ci_high == v.ci_high;
      changed += !same;
    }
    store->replace_verdicts(run_id, fresh.verdicts, fresh.speedups);
    std::printf("recomputed %zu verdicts of run %lld from stored samples; %d differ from those stored before\n",
                fresh.verdicts.size(), static_cast<long long>(run_id), changed);
  }
  const auto run = store->run(run_id);
  std::printf("run %lld (%s, started %s)\n", static_cast<long long>(run_id), run->status.c_str(), run->started_at.c_str());
  const auto checks = store->checks(run_id);
  for (const auto& v : store->verdicts(run_id)) {
    std::printf("%s / %s  [%s, %s]\n  claimed %s; verdict %s\n", v.claim_id.c_str(), v.check_id.c_str(),
                v.check_kind.c_str(), v.evidence_kind.c_str(), v.claimed_text.c_str(), v.state.c_str());
    const CheckRecord* check = nullptr;
    for (const auto& c : checks)
      if (c.claim_id == v.claim_id && c.check_id == v.check_id) check = &c;
    const std::string measure = check ? check->measure : "";
    if (v.pairs > 0 && (measure == "counter" || measure == "counter-difference")) {
      std::printf("  %s %s %.4g (interval %.4g–%.4g)\n", measure == "counter" ? "counter" : "difference in",
                  check->counter.c_str(), v.measured, v.ci_low, v.ci_high);
    } else if (v.pairs > 0 && measure == "counter-ratio") {
      std::printf("  %s ratio %.3g× (interval %.3g–%.3g, %s) against [%s]\n", check->counter.c_str(), v.measured,
                  v.ci_low, v.ci_high, check->direction.c_str(), v.baseline.c_str());
    } else if (v.pairs > 0 && v.metric == "footprint-ratio") {
      std::printf("  measured %.4g of the dense bytes (exact)\n", v.measured);
    } else if (v.pairs > 0) {
      std::printf("  measured %.3g× (CI %.3g–%.3g) vs strongest dense [%s]\n", v.measured, v.ci_low, v.ci_high,
                  v.baseline.c_str());
      if (!v.own_state.empty())
        std::printf("  vs own dense kernel %.3g× (CI %.3g–%.3g): %s\n", v.own_measured, v.own_ci_low, v.own_ci_high,
                    v.own_state.c_str());
    }
    std::printf("  %s\n", v.explanation.c_str());
  }
  return kExitOk;
}

}  // namespace claimbench::cli
