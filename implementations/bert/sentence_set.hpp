// A fixed set of token-id sequences stored with their text (data/bert/*.tsv): one sentence per
// line, "text<TAB>id id id ...", '#' lines are comments. The ids were produced by
// WordPieceTokenizer over the model's vocab.txt, so runs need neither the vocabulary nor a
// tokenizer, and a test re-tokenizes the text to prove the ids.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "bert/bert_encoder.hpp"

namespace claimbench::bert {

struct Sentence {
  std::string text;
  std::vector<std::int32_t> ids;
  int line = 0;
};

// Throws std::runtime_error naming file and line on a malformed line or an empty set.
std::vector<Sentence> read_sentence_set(const std::filesystem::path& file);

// One batch: every sentence padded with [PAD] (id 0) to the longest; lengths record the real ones.
BertInput sentence_batch(const std::vector<Sentence>& sentences);

}  // namespace claimbench::bert
