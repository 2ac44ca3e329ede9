// BERT's uncased tokenizer for ASCII text: lower-case, split on whitespace and punctuation
// (BasicTokenizer), then greedy longest-match-first WordPiece over vocab.txt with "##"
// continuations and [UNK] for a word that cannot be covered (or is over 100 characters);
// the sequence is wrapped in [CLS] ... [SEP]. Non-ASCII text is refused: accent stripping and
// CJK splitting (Unicode NFD) are not implemented.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <unordered_map>
#include <vector>

namespace claimbench::bert {

class WordPieceTokenizer {
 public:
  // Throws std::runtime_error naming the file when it is missing or lacks [CLS], [SEP], [UNK].
  static WordPieceTokenizer load(const std::filesystem::path& vocab_txt);
  // Throws std::invalid_argument on non-ASCII text.
  std::vector<std::int32_t> encode(const std::string& text) const;
  std::size_t size() const { return vocab_.size(); }

 private:
  std::unordered_map<std::string, std::int32_t> vocab_;
  std::int32_t cls_ = 0, sep_ = 0, unk_ = 0;
};

}  // namespace claimbench::bert
