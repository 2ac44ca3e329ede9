// Reading a BERT checkpoint in the safetensors format (Hugging Face): an 8-byte little-endian
// header length, a JSON header {name: {dtype, shape, data_offsets: [begin, end]}} and the raw
// little-endian tensor bytes after it. Only what a BERT encoder needs is read (F32 tensors).
// Every error names the file and, where there is one, the tensor.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "bert/bert_weights.hpp"

namespace claimbench::bert {

class SafetensorsFile {
 public:
  // Reads and checks the header: throws std::runtime_error on a missing or unreadable file, a
  // header that runs past the end of the file, malformed JSON, or a tensor whose data_offsets
  // do not fit in the file or disagree with its dtype and shape.
  static SafetensorsFile open(const std::filesystem::path& file);

  bool has(const std::string& name) const { return tensors_.count(name) != 0; }
  std::vector<std::string> names() const;
  // The tensor's values; throws naming tensor and file when it is missing, is not F32, or has
  // another shape than `shape`.
  std::vector<float> read_f32(const std::string& name, const std::vector<std::int64_t>& shape) const;
  const std::filesystem::path& path() const { return path_; }

 private:
  struct Entry {
    std::string dtype;
    std::vector<std::int64_t> shape;
    std::uint64_t begin = 0, end = 0;  // relative to the data section
  };
  std::filesystem::path path_;
  std::uint64_t data_start_ = 0;
  std::map<std::string, Entry> tensors_;
};

// Reads a Hugging Face BertModel config.json (hidden_size, num_hidden_layers, num_attention_heads,
// intermediate_size, vocab_size, max_position_embeddings, type_vocab_size, layer_norm_eps;
// hidden_act must be "gelu"). Throws naming the file and the key.
BertConfig read_bert_config(const std::filesystem::path& config_json);

// config.json + model.safetensors of a model folder (tensor names with or without a "bert."
// prefix). Q, K and V are stacked into the fused projection.
BertWeights load_bert_model(const std::filesystem::path& model_dir);

}  // namespace claimbench::bert
