#include "claimbench/claim_loader.hpp"

#include <algorithm>
#include <boost/uuid/detail/sha1.hpp>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <pugixml.hpp>
#include <set>
#include <sstream>

#include "claimbench/input_error.hpp"
#include "claimbench/registry.hpp"
#include "claimbench/cpu_features.hpp"
#include "claimbench/requirements.hpp"
#include "claimbench/workload.hpp"

namespace claimbench {

namespace {

const std::set<std::string> kSourceKinds{"vendor-blog", "paper", "patent", "slide", "analyst-note",
                                         "documentation", "issue", "press", "talk"};
const std::set<std::string> kReliability{"primary", "secondary", "anecdotal"};
// Metrics with a default measure (a check may then leave verdict@measure out):
// speedup: strongest dense baseline's time / candidate's time.
// footprint-ratio: bytes of the candidate's stored weight operand / the dense baseline's.
// Any other metric name (utilization, accuracy-difference, ...) needs verdict@measure on each check.
const std::map<std::string, VerdictRule::Measure> kDefaultMeasures{
    {"speedup", VerdictRule::Measure::time_ratio}, {"footprint-ratio", VerdictRule::Measure::footprint_ratio}};
const std::map<std::string, VerdictRule::Measure> kMeasures{
    {"time-ratio", VerdictRule::Measure::time_ratio},
    {"footprint-ratio", VerdictRule::Measure::footprint_ratio},
    {"counter", VerdictRule::Measure::counter},
    {"counter-ratio", VerdictRule::Measure::counter_ratio},
    {"counter-difference", VerdictRule::Measure::counter_difference}};

bool is_metric_name(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

std::string sha1_hex(const std::string& data) {
  boost::uuids::detail::sha1 sha;
  sha.process_bytes(data.data(), data.size());
  boost::uuids::detail::sha1::digest_type digest;
  sha.get_digest(digest);
  std::string out = "sha1:";
  char buffer[9];
  for (unsigned word : digest) {
    std::snprintf(buffer, sizeof buffer, "%08x", word);
    out += buffer;
  }
  return out;
}

std::string trim(std::string s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t\r\n");
  s = s.substr(b, e - b + 1);
  // Collapse the indentation of wrapped text into single spaces.
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = true;
    } else {
      if (space && !out.empty()) out += ' ';
      out += c;
      space = false;
    }
  }
  return out;
}

class Reader {
 public:
  Reader(std::string file, std::string text) : file_(std::move(file)), text_(std::move(text)) {
    line_starts_.push_back(0);
    for (std::size_t i = 0; i < text_.size(); ++i)
      if (text_[i] == '\n') line_starts_.push_back(i + 1);
  }

  int line_of(std::ptrdiff_t offset) const {
    if (offset < 0) return 0;
    auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), static_cast<std::size_t>(offset));
    return static_cast<int>(it - line_starts_.begin());
  }
  int line(const pugi::xml_node& node) const { return line_of(node.offset_debug()); }

  [[noreturn]] void fail(const pugi::xml_node& node, const std::string& field, const std::string& message) const {
    throw InputError(file_, line(node), field, message);
  }

  // Rejects elements and attributes the schema does not know: a typo must not pass silently.
  void only_children(const pugi::xml_node& node, std::initializer_list<const char*> allowed) const {
    for (const auto& child : node.children()) {
      if (child.type() != pugi::node_element) continue;
      bool ok = false;
      for (const char* a : allowed) ok = ok || std::string(child.name()) == a;
      if (!ok) fail(child, std::string(node.name()) + "/" + child.name(), "unknown element");
    }
  }
  void only_attributes(const pugi::xml_node& node, std::initializer_list<const char*> allowed) const {
    for (const auto& attribute : node.attributes()) {
      bool ok = false;
      for (const char* a : allowed) ok = ok || std::string(attribute.name()) == a;
      if (!ok) fail(node, std::string(node.name()) + "@" + attribute.name(), "unknown attribute");
    }
  }

  // An element that may appear at most once; empty when absent.
  pugi::xml_node optional_child(const pugi::xml_node& node, const char* name, const std::string& field) const {
    auto c = node.child(name);
    if (c && std::distance(node.children(name).begin(), node.children(name).end()) > 1)
      fail(node.find_child([&](pugi::xml_node n) { return n != c && std::string(n.name()) == name; }), field,
           "given more than once");
    return c;
  }
  pugi::xml_node child(const pugi::xml_node& node, const char* name, const std::string& field) const {
    auto c = optional_child(node, name, field);
    if (!c) fail(node, field, "missing");
    return c;
  }
  std::string text(const pugi::xml_node& node, const char* name, const std::string& field) const {
    auto value = trim(child(node, name, field).text().as_string());
    if (value.empty()) fail(node.child(name), field, "is empty");
    return value;
  }
  std::string attribute(const pugi::xml_node& node, const char* name, const std::string& field) const {
    auto a = node.attribute(name);
    if (!a) fail(node, field, "missing");
    std::string value = trim(a.value());
    if (value.empty()) fail(node, field, "is empty");
    return value;
  }
  double number(const pugi::xml_node& node, const char* name, const std::string& field) const {
    const std::string value = attribute(node, name, field);
    double v = 0;
    auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
    if (ec != std::errc() || ptr != value.data() + value.size() || !std::isfinite(v))
      fail(node, field, "expected a finite number, got '" + value + "'");
    return v;
  }

  const std::string& file() const { return file_; }
  const std::string& text() const { return text_; }

 private:
  std::string file_;
  std::string text_;
  std::vector<std::size_t> line_starts_;
};

ClaimedValue read_claimed(const Reader& r, const pugi::xml_node& node) {
  r.only_attributes(node, {"kind", "value", "min", "max"});
  ClaimedValue v;
  const std::string kind = r.attribute(node, "kind", "claimed@kind");
  if (kind == "range") {
    v.kind = ClaimedValue::Kind::range;
    v.min = r.number(node, "min", "claimed@min");
    v.max = r.number(node, "max", "claimed@max");
    if (v.min > v.max) r.fail(node, "claimed@min", "is larger than claimed@max");
    v.value = v.min;
  } else {
    if (kind == "point") v.kind = ClaimedValue::Kind::point;
    else if (kind == "up-to") v.kind = ClaimedValue::Kind::up_to;
    else if (kind == "at-least") v.kind = ClaimedValue::Kind::at_least;
    else r.fail(node, "claimed@kind", "expected point, range, up-to or at-least, got '" + kind + "'");
    v.value = r.number(node, "value", "claimed@value");
  }
  return v;
}

Check read_check(const Reader& r, const pugi::xml_node& node, const Claim& claim, const ClaimLoadContext& context) {
  r.only_attributes(node, {"id", "kind"});
  r.only_children(node, {"description", "implementation", "workloads", "workload", "threads", "requires",
                         "verdict", "pending", "timing"});
  Check check;
  check.line = r.line(node);
  check.id = r.attribute(node, "id", "check@id");
  const std::string kind = r.attribute(node, "kind", "check@kind");
  auto parsed = parse_check_kind(kind);
  if (!parsed) r.fail(node, "check@kind", "expected literal, analog or model, got '" + kind + "'");
  check.kind = *parsed;
  check.description = r.text(node, "description", "check/description");

  std::vector<std::pair<pugi::xml_node, std::string>> unknown;
  for (const auto& impl : node.children("implementation")) {
    r.only_attributes(impl, {"name", "role"});
    ImplementationRef ref;
    ref.line = r.line(impl);
    ref.name = r.attribute(impl, "name", "implementation@name");
    const std::string role = r.attribute(impl, "role", "implementation@role");
    if (role == "candidate") ref.role = Role::candidate;
    else if (role == "library") ref.role = Role::library;
    else if (role == "own") ref.role = Role::own;
    else if (role == "baseline") ref.role = Role::baseline;
    else if (role == "context") ref.role = Role::context;
    else r.fail(impl, "implementation@role", "expected candidate, library, own, baseline or context, got '" + role + "'");
    // An unknown name is an error unless the check needs a part of the build that is missing
    // (decided once the requirements are read).
    if (context.registry && !context.registry->contains(ref.name)) unknown.emplace_back(impl, ref.name);
    else if (context.registry && (ref.role == Role::library || ref.role == Role::own) &&
        !context.registry->info(ref.name).dense_baseline)
      r.fail(impl, "implementation@role", "'" + ref.name + "' is not a dense baseline");
    for (const auto& other : check.implementations)
      if (other.name == ref.name) r.fail(impl, "implementation@name", "'" + ref.name + "' is listed twice");
    check.implementations.push_back(ref);
  }
  const auto candidates = std::count_if(check.implementations.begin(), check.implementations.end(),
                                        [](const auto& ref) { return ref.role == Role::candidate; });
  if (auto pending = r.optional_child(node, "pending", "check/pending")) {
    check.pending = trim(pending.text().as_string());
    if (check.pending.empty()) r.fail(pending, "check/pending", "is empty");
    if (candidates != 0) r.fail(pending, "check/pending", "a check with a candidate implementation cannot be pending");
  } else {
    if (candidates != 1)
      r.fail(node, "check/implementation", "needs exactly one role=\"candidate\", found " + std::to_string(candidates));
  }

  if (auto table = r.optional_child(node, "workloads", "check/workloads")) {
    r.only_attributes(table, {"table"});
    check.workload_table = r.attribute(table, "table", "workloads@table");
    if (context.workloads && !context.workloads->has_table(check.workload_table))
      r.fail(table, "workloads@table", "no workload table '" + check.workload_table + "' in the data folder");
  }
  for (const auto& w : node.children("workload")) {
    r.only_attributes(w, {"id"});
    const std::string id = r.attribute(w, "id", "workload@id");
    if (context.workloads && !context.workloads->find(id))
      r.fail(w, "workload@id", "unknown workload '" + id + "' (see: claimbench list workloads)");
    check.workload_ids.push_back(id);
  }
  if (check.workload_table.empty() && check.workload_ids.empty())
    r.fail(node, "check/workloads", "missing: give <workloads table=\"...\"/> or <workload id=\"...\"/>");

  if (auto threads = r.optional_child(node, "threads", "check/threads")) {
    check.threads.clear();
    std::istringstream in(threads.text().as_string());
    std::string token;
    while (in >> token) {
      int t = 0;
      auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), t);
      if (ec != std::errc() || ptr != token.data() + token.size() || t < 1 || t > 1024)
        r.fail(threads, "check/threads", "expected positive integers, got '" + token + "'");
      if (std::find(check.threads.begin(), check.threads.end(), t) != check.threads.end())
        r.fail(threads, "check/threads", "thread count " + token + " is listed twice");
      check.threads.push_back(t);
    }
    if (check.threads.empty()) r.fail(threads, "check/threads", "is empty");
  }

  for (const auto& req : node.children("requires")) {
    r.only_attributes(req, {"kind", "value"});
    Requirement q;
    q.line = r.line(req);
    q.kind = r.attribute(req, "kind", "requires@kind");
    q.value = r.attribute(req, "value", "requires@value");
    if (!is_known_requirement_kind(q.kind))
      r.fail(req, "requires@kind",
             "expected cpu-feature, cuda-compute-capability, build-feature or file, got '" + q.kind + "'");
    if (q.kind == "file" && std::filesystem::path(q.value).is_relative())
      q.value = (std::filesystem::absolute(r.file()).parent_path().parent_path() / q.value).lexically_normal().string();
    if (q.kind == "cpu-feature") {
      const auto& known = CpuFeatures::known_names();
      if (std::find(known.begin(), known.end(), q.value) == known.end())
        r.fail(req, "requires@value", "unknown CPU feature '" + q.value + "'");
    }
    check.requirements.push_back(q);
  }

  if (!unknown.empty()) {
    const bool build_feature_missing =
        std::any_of(check.requirements.begin(), check.requirements.end(), [](const Requirement& q) {
          return q.kind == "build-feature" && !evaluate_requirements({q}).met;
        });
    if (!build_feature_missing)
      r.fail(unknown.front().first, "implementation@name",
             "unknown implementation '" + unknown.front().second + "' (see: claimbench list implementations)");
  }

  if (auto timing = r.optional_child(node, "timing", "check/timing")) {
    r.only_attributes(timing, {"repetitions", "min-time"});
    if (timing.attribute("repetitions")) {
      const double reps = r.number(timing, "repetitions", "timing@repetitions");
      if (reps < 1 || reps > 1000 || reps != static_cast<int>(reps))
        r.fail(timing, "timing@repetitions", "expected an integer from 1 to 1000");
      check.timing.repetitions = static_cast<int>(reps);
    }
    if (timing.attribute("min-time")) {
      check.timing.min_time_s = r.number(timing, "min-time", "timing@min-time");
      if (check.timing.min_time_s <= 0 || check.timing.min_time_s > 60)
        r.fail(timing, "timing@min-time", "expected seconds in (0, 60]");
    }
  }

  auto verdict = r.child(node, "verdict", "check/verdict");
  r.only_attributes(verdict, {"aggregate", "threshold", "partial-threshold", "target", "tolerance",
                              "partial-tolerance", "confidence", "measure", "counter", "direction"});
  const std::string aggregate = r.attribute(verdict, "aggregate", "verdict@aggregate");
  if (aggregate == "max") check.rule.aggregate = Aggregate::max;
  else if (aggregate == "min") check.rule.aggregate = Aggregate::min;
  else if (aggregate == "median") check.rule.aggregate = Aggregate::median;
  else if (aggregate == "geomean") check.rule.aggregate = Aggregate::geomean;
  else if (aggregate == "mean") check.rule.aggregate = Aggregate::mean;
  else r.fail(verdict, "verdict@aggregate", "expected max, min, median, geomean or mean, got '" + aggregate + "'");

  if (verdict.attribute("measure")) {
    const std::string measure = verdict.attribute("measure").value();
    auto it = kMeasures.find(measure);
    if (it == kMeasures.end())
      r.fail(verdict, "verdict@measure",
             "expected time-ratio, footprint-ratio, counter, counter-ratio or counter-difference, got '" + measure + "'");
    check.rule.measure = it->second;
  } else if (auto it = kDefaultMeasures.find(claim.metric); it != kDefaultMeasures.end()) {
    check.rule.measure = it->second;
  } else {
    r.fail(verdict, "verdict@measure", "metric '" + claim.metric + "' has no default measure: name one");
  }
  const bool counter_measure = check.rule.measure == VerdictRule::Measure::counter ||
                               check.rule.measure == VerdictRule::Measure::counter_ratio ||
                               check.rule.measure == VerdictRule::Measure::counter_difference;
  if (counter_measure) {
    check.rule.counter = r.attribute(verdict, "counter", "verdict@counter");
    if (check.rule.counter.empty()) r.fail(verdict, "verdict@counter", "is empty");
  } else if (verdict.attribute("counter")) {
    r.fail(verdict, "verdict@counter", "only a counter measure names a counter");
  }
  if (verdict.attribute("direction")) {
    if (check.rule.measure != VerdictRule::Measure::counter_ratio)
      r.fail(verdict, "verdict@direction", "only measure=\"counter-ratio\" takes a direction");
    const std::string direction = verdict.attribute("direction").value();
    if (direction == "lower-is-better") check.rule.lower_is_better = true;
    else if (direction != "higher-is-better")
      r.fail(verdict, "verdict@direction", "expected lower-is-better or higher-is-better, got '" + direction + "'");
  } else if (check.rule.measure == VerdictRule::Measure::counter_ratio) {
    r.fail(verdict, "verdict@direction", "missing: a counter ratio must say whether lower or higher is better");
  }
  if (check.pending.empty()) {
    auto has_role = [&](std::initializer_list<Role> roles) {
      return std::any_of(check.implementations.begin(), check.implementations.end(), [&](const auto& ref) {
        return std::find(roles.begin(), roles.end(), ref.role) != roles.end();
      });
    };
    if ((check.rule.measure == VerdictRule::Measure::time_ratio ||
         check.rule.measure == VerdictRule::Measure::footprint_ratio) &&
        !has_role({Role::library, Role::own}))
      r.fail(node, "check/implementation", "a " + claim.metric + " check needs at least one library or own dense baseline");
    if ((check.rule.measure == VerdictRule::Measure::counter_ratio ||
         check.rule.measure == VerdictRule::Measure::counter_difference) &&
        !has_role({Role::baseline, Role::library, Role::own}))
      r.fail(node, "check/implementation", "a counter ratio or difference needs a baseline, library or own implementation");
  }
  // Every implementation must run the kind of workload the check names.
  if (context.registry && context.workloads) {
    std::vector<const Workload*> workloads = context.workloads->table(check.workload_table);
    for (const auto& id : check.workload_ids)
      if (const auto* w = context.workloads->find(id)) workloads.push_back(w);
    for (const auto& ref : check.implementations) {
      if (!context.registry->contains(ref.name)) continue;  // allowed above: its part of the build is missing
      const std::string task = context.registry->info(ref.name).task;
      for (const auto* w : workloads)
        if (w->kind != task)
          r.fail(node, "check/implementation",
                 "'" + ref.name + "' runs " + task + " workloads, but workload '" + w->id + "' is of kind " + w->kind);
    }
  }
  if (verdict.attribute("target")) {
    // target ± tolerance (partially: ± partial-tolerance)
    if (verdict.attribute("threshold") || verdict.attribute("partial-threshold"))
      r.fail(verdict, "verdict@target", "give either threshold and partial-threshold, or target and tolerance");
    check.rule.kind = VerdictRule::Kind::within;
    check.rule.target = r.number(verdict, "target", "verdict@target");
    check.rule.tolerance = r.number(verdict, "tolerance", "verdict@tolerance");
    check.rule.partial_tolerance = r.number(verdict, "partial-tolerance", "verdict@partial-tolerance");
    if (check.rule.tolerance < 0) r.fail(verdict, "verdict@tolerance", "must not be negative");
    if (check.rule.partial_tolerance < check.rule.tolerance)
      r.fail(verdict, "verdict@partial-tolerance", "must not be smaller than verdict@tolerance");
  } else {
    check.rule.threshold = r.number(verdict, "threshold", "verdict@threshold");
    check.rule.partial_threshold = r.number(verdict, "partial-threshold", "verdict@partial-threshold");
    if (check.rule.partial_threshold > check.rule.threshold)
      r.fail(verdict, "verdict@partial-threshold", "must not exceed verdict@threshold");
    if (check.rule.threshold <= 0) r.fail(verdict, "verdict@threshold", "must be positive");
  }
  if (verdict.attribute("confidence")) {
    check.rule.confidence = r.number(verdict, "confidence", "verdict@confidence");
    if (check.rule.confidence <= 0.5 || check.rule.confidence >= 1.0)
      r.fail(verdict, "verdict@confidence", "must lie in (0.5, 1)");
  }
  return check;
}

}  // namespace

Claim load_claim_file(const std::filesystem::path& path, const ClaimLoadContext& context) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path.string(), 0, "", "cannot open the claim file");
  std::stringstream buffer;
  buffer << in.rdbuf();
  const Reader r(path.string(), buffer.str());

  pugi::xml_document doc;
  const auto parsed = doc.load_buffer(r.text().data(), r.text().size(), pugi::parse_default | pugi::parse_ws_pcdata_single);
  if (!parsed)
    throw InputError(r.file(), r.line_of(parsed.offset), "xml", std::string("malformed XML: ") + parsed.description());

  auto root = doc.child("claim");
  if (!root) throw InputError(r.file(), 1, "claim", "the root element must be <claim>");
  r.only_attributes(root, {"id"});
  r.only_children(root, {"title", "source", "statement", "metric", "claimed", "conditions", "check", "note"});

  Claim claim;
  claim.file = path.string();
  claim.line = r.line(root);
  claim.content_hash = sha1_hex(r.text());
  claim.id = r.attribute(root, "id", "claim@id");
  claim.title = r.text(root, "title", "title");

  auto source = r.child(root, "source", "source");
  r.only_attributes(source, {"kind", "reliability"});
  r.only_children(source, {"citation", "url"});
  claim.source.kind = r.attribute(source, "kind", "source@kind");
  if (!kSourceKinds.count(claim.source.kind))
    r.fail(source, "source@kind", "unknown source kind '" + claim.source.kind + "'");
  claim.source.reliability = r.attribute(source, "reliability", "source@reliability");
  if (!kReliability.count(claim.source.reliability))
    r.fail(source, "source@reliability", "expected primary, secondary or anecdotal, got '" + claim.source.reliability + "'");
  claim.source.citation = r.text(source, "citation", "source/citation");
  if (source.child("url")) claim.source.url = r.text(source, "url", "source/url");

  claim.statement = r.text(root, "statement", "statement");
  auto metric = r.child(root, "metric", "metric");
  r.only_attributes(metric, {"name", "unit"});
  claim.metric = r.attribute(metric, "name", "metric@name");
  if (!is_metric_name(claim.metric))
    r.fail(metric, "metric@name", "expected a lower-case name such as speedup or utilization, got '" + claim.metric + "'");
  if (metric.attribute("unit")) claim.unit = metric.attribute("unit").value();
  claim.claimed = read_claimed(r, r.child(root, "claimed", "claimed"));

  if (auto conditions = r.optional_child(root, "conditions", "conditions")) {
    r.only_children(conditions, {"condition"});
    for (const auto& c : conditions.children("condition")) {
      r.only_attributes(c, {"name"});
      Condition condition{r.attribute(c, "name", "condition@name"), trim(c.text().as_string())};
      if (condition.value.empty()) r.fail(c, "condition", "is empty");
      claim.conditions.push_back(condition);
    }
  }
  for (const auto& node : root.children("check")) {
    Check check = read_check(r, node, claim, context);
    for (const auto& other : claim.checks)
      if (other.id == check.id) r.fail(node, "check@id", "duplicate check id '" + check.id + "'");
    claim.checks.push_back(std::move(check));
  }
  if (claim.checks.empty()) r.fail(root, "check", "a claim needs at least one check");
  return claim;
}

std::vector<Claim> load_claim_folder(const std::filesystem::path& folder, const ClaimLoadContext& context) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) throw InputError(folder.string(), 0, "", "claim folder does not exist");
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(folder))
    if (entry.is_regular_file() && entry.path().extension() == ".xml") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  std::vector<Claim> claims;
  for (const auto& f : files) {
    Claim c = load_claim_file(f, context);
    for (const auto& other : claims)
      if (other.id == c.id) throw InputError(c.file, c.line, "claim@id", "duplicate claim id '" + c.id + "' (also in " + other.file + ")");
    claims.push_back(std::move(c));
  }
  return claims;
}

}  // namespace claimbench
