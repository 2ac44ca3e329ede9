#include "bert/sentence_set.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace claimbench::bert {

std::vector<Sentence> read_sentence_set(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error(file.string() + ": cannot open the sentence set");
  std::vector<Sentence> out;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.empty() || line[0] == '#') continue;
    const auto tab = line.find('\t');
    auto bad = [&](const std::string& why) { throw std::runtime_error(file.string() + ":" + std::to_string(n) + ": " + why); };
    if (tab == std::string::npos) bad("expected 'text<TAB>ids'");
    Sentence s;
    s.text = line.substr(0, tab);
    s.line = n;
    std::istringstream ids(line.substr(tab + 1));
    std::string token;
    while (ids >> token) {
      std::size_t used = 0;
      long long v = -1;
      try {
        v = std::stoll(token, &used);
      } catch (const std::exception&) {
      }
      if (used != token.size() || v < 0 || v > 1 << 30) bad("token id '" + token + "' is not a non-negative integer");
      s.ids.push_back(static_cast<std::int32_t>(v));
    }
    if (s.ids.empty()) bad("no token ids");
    out.push_back(std::move(s));
  }
  if (out.empty()) throw std::runtime_error(file.string() + ": no sentences");
  return out;
}

BertInput sentence_batch(const std::vector<Sentence>& sentences) {
  BertInput in;
  in.batch = static_cast<int>(sentences.size());
  for (const auto& s : sentences) in.sequence = std::max(in.sequence, static_cast<int>(s.ids.size()));
  in.token_ids.assign(static_cast<std::size_t>(in.batch) * in.sequence, 0);
  for (int b = 0; b < in.batch; ++b) {
    const auto& ids = sentences[b].ids;
    std::copy(ids.begin(), ids.end(), in.token_ids.begin() + static_cast<std::ptrdiff_t>(b) * in.sequence);
    in.lengths.push_back(static_cast<int>(ids.size()));
  }
  return in;
}

}  // namespace claimbench::bert
