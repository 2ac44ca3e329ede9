#include "bert/wordpiece_tokenizer.hpp"

#include <fstream>
#include <stdexcept>

namespace claimbench::bert {
namespace {

// BERT treats every ASCII non-letter, non-digit, non-space printable character as punctuation.
bool is_punctuation(unsigned char c) { return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126); }
bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

WordPieceTokenizer WordPieceTokenizer::load(const std::filesystem::path& vocab_txt) {
  std::ifstream in(vocab_txt);
  if (!in) throw std::runtime_error(vocab_txt.string() + ": cannot open the vocabulary (missing or unreadable)");
  WordPieceTokenizer t;
  std::string line;
  std::int32_t id = 0;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    t.vocab_.emplace(line, id++);
  }
  for (const char* special : {"[CLS]", "[SEP]", "[UNK]"})
    if (!t.vocab_.count(special))
      throw std::runtime_error(vocab_txt.string() + ": the vocabulary lacks the special token " + special);
  t.cls_ = t.vocab_.at("[CLS]");
  t.sep_ = t.vocab_.at("[SEP]");
  t.unk_ = t.vocab_.at("[UNK]");
  return t;
}

std::vector<std::int32_t> WordPieceTokenizer::encode(const std::string& text) const {
  std::vector<std::string> words;
  std::string word;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 128) throw std::invalid_argument("tokenizer: non-ASCII byte at offset " + std::to_string(i) + " (only ASCII text is supported)");
    if (is_space(c) || is_punctuation(c) || c < 32) {
      if (!word.empty()) words.push_back(word);
      word.clear();
      if (is_punctuation(c)) words.emplace_back(1, static_cast<char>(c));
      continue;
    }
    word += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  if (!word.empty()) words.push_back(word);
  std::vector<std::int32_t> ids{cls_};
  for (const std::string& w : words) {
    if (w.size() > 100) {
      ids.push_back(unk_);
      continue;
    }
    std::vector<std::int32_t> pieces;
    std::size_t start = 0;
    bool bad = false;
    while (start < w.size()) {
      std::size_t end = w.size();
      std::int32_t found = -1;
      while (start < end) {
        const std::string piece = (start > 0 ? "##" : "") + w.substr(start, end - start);
        const auto it = vocab_.find(piece);
        if (it != vocab_.end()) {
          found = it->second;
          break;
        }
        --end;
      }
      if (found < 0) {
        bad = true;
        break;
      }
      pieces.push_back(found);
      start = end;
    }
    if (bad)
      ids.push_back(unk_);
    else
      ids.insert(ids.end(), pieces.begin(), pieces.end());
  }
  ids.push_back(sep_);
  return ids;
}

}  // namespace claimbench::bert
