#include "claimbench/timing.hpp"

#include <benchmark/benchmark.h>

#include <mutex>

namespace claimbench {

namespace {

// Receives Google Benchmark's runs; keeps each repetition (not the aggregates) as a sample.
class SampleCollector : public benchmark::BenchmarkReporter {
 public:
  explicit SampleCollector(TimingResult& out) : out_(out) {}
  bool ReportContext(const Context&) override { return true; }
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const auto& run : runs) {
      if (run.error_occurred) {
        out_.error = run.error_message.empty() ? "benchmark reported an error" : run.error_message;
        continue;
      }
      if (run.run_type != Run::RT_Iteration || run.iterations <= 0) continue;
      out_.seconds.push_back(run.real_accumulated_time / static_cast<double>(run.iterations));
      out_.iterations.push_back(static_cast<std::int64_t>(run.iterations));
    }
  }

 private:
  TimingResult& out_;
};

void initialize_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    // Our own flags only; the user's argv belongs to claimbench, not to the engine.
    static char name[] = "claimbench";
    static char interleave[] = "--benchmark_enable_random_interleaving=false";
    static char* argv[] = {name, interleave, nullptr};
    int argc = 2;
    benchmark::Initialize(&argc, argv);
  });
}

}  // namespace

TimingResult time_with_google_benchmark(const std::string& name, const std::function<void()>& body,
                                        const TimingOptions& options) {
  initialize_once();
  TimingResult result;
  benchmark::ClearRegisteredBenchmarks();
  auto* b = benchmark::RegisterBenchmark(name.c_str(), [&body](benchmark::State& state) {
    for (auto _ : state) body();
  });
  b->Repetitions(options.repetitions)
      ->MinTime(options.min_time_s)
      ->MinWarmUpTime(options.warmup_s)
      ->UseRealTime()
      ->Unit(benchmark::kMillisecond);
  SampleCollector collector(result);
  benchmark::RunSpecifiedBenchmarks(&collector);
  benchmark::ClearRegisteredBenchmarks();
  return result;
}

}  // namespace claimbench
