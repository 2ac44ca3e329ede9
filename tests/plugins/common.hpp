// A minimal implementation for the broken test plugins: only its name matters.
#pragma once

#include <claimbench/plugin.hpp>

#include <string>
#include <vector>

namespace test_plugins {

class Named final : public claimbench::Implementation {
 public:
  explicit Named(std::string name) : name_(std::move(name)) {}
  claimbench::ImplementationInfo info() const override {
    claimbench::ImplementationInfo i;
    i.name = name_;
    i.technique = "test";
    i.device = "cpu";
    i.precision = "fp32";
    return i;
  }
  claimbench::Support supports(const claimbench::GemmProblem&, const claimbench::ExecutionConfig&) const override {
    return claimbench::Support::no("a test plugin that computes nothing");
  }
  void prepare(const claimbench::GemmProblem&, const claimbench::ExecutionConfig&) override {}
  void run() override {}
  std::span<const float> result() const override { return {}; }
  claimbench::Counters counters() const override { return {}; }

 private:
  std::string name_;
};

}  // namespace test_plugins
