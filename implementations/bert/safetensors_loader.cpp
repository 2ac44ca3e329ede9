#include "bert/safetensors_loader.hpp"

#include <boost/json.hpp>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace claimbench::bert {
namespace {

[[noreturn]] void fail(const std::filesystem::path& file, const std::string& what) {
  throw std::runtime_error(file.string() + ": " + what);
}

std::string shape_text(const std::vector<std::int64_t>& s) {
  std::string t = "[";
  for (std::size_t i = 0; i < s.size(); ++i) t += (i ? ", " : "") + std::to_string(s[i]);
  return t + "]";
}

std::uint64_t dtype_size(const std::string& dtype) {
  if (dtype == "F64" || dtype == "I64" || dtype == "U64") return 8;
  if (dtype == "F32" || dtype == "I32" || dtype == "U32") return 4;
  if (dtype == "F16" || dtype == "BF16" || dtype == "I16" || dtype == "U16") return 2;
  if (dtype == "I8" || dtype == "U8" || dtype == "BOOL" || dtype == "F8_E4M3" || dtype == "F8_E5M2") return 1;
  return 0;
}

}  // namespace

SafetensorsFile SafetensorsFile::open(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) fail(file, "cannot open the safetensors file (missing or unreadable)");
  const std::uint64_t file_size = std::filesystem::file_size(file);
  unsigned char len_bytes[8];
  if (!in.read(reinterpret_cast<char*>(len_bytes), 8)) fail(file, "truncated: shorter than the 8-byte header length");
  std::uint64_t header_len = 0;
  for (int i = 7; i >= 0; --i) header_len = header_len << 8 | len_bytes[i];
  if (header_len > file_size - 8) fail(file, "truncated: the header claims " + std::to_string(header_len) +
                                                 " bytes but the file has " + std::to_string(file_size - 8) + " after the length");
  std::string header(header_len, '\0');
  in.read(header.data(), static_cast<std::streamsize>(header_len));
  boost::json::value root;
  try {
    root = boost::json::parse(header);
  } catch (const std::exception& e) {
    fail(file, std::string("malformed JSON header: ") + e.what());
  }
  if (!root.is_object()) fail(file, "the header is not a JSON object");
  SafetensorsFile f;
  f.path_ = file;
  f.data_start_ = 8 + header_len;
  const std::uint64_t data_size = file_size - f.data_start_;
  for (const auto& [key, value] : root.as_object()) {
    const std::string name(key);
    if (name == "__metadata__") continue;
    try {
      const auto& o = value.as_object();
      Entry e;
      e.dtype = std::string(o.at("dtype").as_string());
      for (const auto& d : o.at("shape").as_array()) e.shape.push_back(d.to_number<std::int64_t>());
      const auto& offsets = o.at("data_offsets").as_array();
      if (offsets.size() != 2) fail(file, "tensor '" + name + "': data_offsets must hold two numbers");
      e.begin = offsets[0].to_number<std::uint64_t>();
      e.end = offsets[1].to_number<std::uint64_t>();
      if (e.end < e.begin || e.end > data_size)
        fail(file, "tensor '" + name + "': data [" + std::to_string(e.begin) + ", " + std::to_string(e.end) +
                       ") lies beyond the " + std::to_string(data_size) + " data bytes (truncated file?)");
      std::uint64_t count = 1;
      for (auto d : e.shape) count *= static_cast<std::uint64_t>(d);
      const std::uint64_t size = dtype_size(e.dtype);
      if (size != 0 && count * size != e.end - e.begin)
        fail(file, "tensor '" + name + "': " + std::to_string(e.end - e.begin) + " bytes do not match dtype " + e.dtype +
                       " and shape " + shape_text(e.shape));
      f.tensors_[name] = e;
    } catch (const std::runtime_error&) {
      throw;
    } catch (const std::exception& ex) {
      fail(file, "tensor '" + name + "': malformed header entry (" + ex.what() + ")");
    }
  }
  return f;
}

std::vector<std::string> SafetensorsFile::names() const {
  std::vector<std::string> n;
  for (const auto& [k, v] : tensors_) n.push_back(k);
  return n;
}

std::vector<float> SafetensorsFile::read_f32(const std::string& name, const std::vector<std::int64_t>& shape) const {
  const auto it = tensors_.find(name);
  if (it == tensors_.end()) fail(path_, "tensor '" + name + "' is missing");
  const Entry& e = it->second;
  if (e.dtype != "F32") fail(path_, "tensor '" + name + "' has dtype " + e.dtype + ", expected F32");
  if (e.shape != shape)
    fail(path_, "tensor '" + name + "' has shape " + shape_text(e.shape) + ", expected " + shape_text(shape));
  std::vector<float> v((e.end - e.begin) / 4);
  std::ifstream in(path_, std::ios::binary);
  in.seekg(static_cast<std::streamoff>(data_start_ + e.begin));
  if (!in.read(reinterpret_cast<char*>(v.data()), static_cast<std::streamsize>(e.end - e.begin)))
    fail(path_, "tensor '" + name + "': could not read its bytes (truncated file?)");
  return v;  // little-endian F32 on a little-endian host
}

BertConfig read_bert_config(const std::filesystem::path& config_json) {
  std::ifstream in(config_json);
  if (!in) fail(config_json, "cannot open the model configuration (missing or unreadable)");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  boost::json::value root;
  try {
    root = boost::json::parse(text);
  } catch (const std::exception& e) {
    fail(config_json, std::string("malformed JSON: ") + e.what());
  }
  if (!root.is_object()) fail(config_json, "not a JSON object");
  const auto& o = root.as_object();
  auto number = [&](const char* key) -> double {
    const auto* v = o.if_contains(key);
    if (!v || !(v->is_int64() || v->is_uint64() || v->is_double()))
      fail(config_json, std::string("key '") + key + "' is missing or not a number");
    return v->to_number<double>();
  };
  BertConfig c;
  c.hidden = static_cast<int>(number("hidden_size"));
  c.layers = static_cast<int>(number("num_hidden_layers"));
  c.heads = static_cast<int>(number("num_attention_heads"));
  c.ffn = static_cast<int>(number("intermediate_size"));
  c.vocab = static_cast<int>(number("vocab_size"));
  c.max_position = static_cast<int>(number("max_position_embeddings"));
  c.type_vocab = static_cast<int>(number("type_vocab_size"));
  c.layer_norm_eps = static_cast<float>(number("layer_norm_eps"));
  if (const auto* act = o.if_contains("hidden_act"); act && (!act->is_string() || act->as_string() != "gelu"))
    fail(config_json, "key 'hidden_act' is " + boost::json::serialize(*act) + "; only \"gelu\" (exact erf GELU) is implemented");
  try {
    c.validate();
  } catch (const std::exception& e) {
    fail(config_json, e.what());
  }
  return c;
}

BertWeights load_bert_model(const std::filesystem::path& dir) {
  BertWeights w;
  w.config = read_bert_config(dir / "config.json");
  const SafetensorsFile f = SafetensorsFile::open(dir / "model.safetensors");
  const std::string prefix = f.has("embeddings.word_embeddings.weight") || !f.has("bert.embeddings.word_embeddings.weight") ? "" : "bert.";
  const BertConfig& c = w.config;
  const std::int64_t H = c.hidden, F = c.ffn;
  auto t = [&](const std::string& name, std::vector<std::int64_t> shape) { return f.read_f32(prefix + name, shape); };
  w.word_emb = t("embeddings.word_embeddings.weight", {c.vocab, H});
  w.pos_emb = t("embeddings.position_embeddings.weight", {c.max_position, H});
  w.type_emb = t("embeddings.token_type_embeddings.weight", {c.type_vocab, H});
  w.emb_ln_g = t("embeddings.LayerNorm.weight", {H});
  w.emb_ln_b = t("embeddings.LayerNorm.bias", {H});
  for (int l = 0; l < c.layers; ++l) {
    const std::string p = "encoder.layer." + std::to_string(l) + ".";
    BertLayerWeights lw;
    for (const char* part : {"query", "key", "value"}) {
      const auto wt = t(p + "attention.self." + part + ".weight", {H, H});
      const auto bs = t(p + "attention.self." + part + ".bias", {H});
      lw.qkv_w.insert(lw.qkv_w.end(), wt.begin(), wt.end());
      lw.qkv_b.insert(lw.qkv_b.end(), bs.begin(), bs.end());
    }
    lw.attn_out_w = t(p + "attention.output.dense.weight", {H, H});
    lw.attn_out_b = t(p + "attention.output.dense.bias", {H});
    lw.ln1_g = t(p + "attention.output.LayerNorm.weight", {H});
    lw.ln1_b = t(p + "attention.output.LayerNorm.bias", {H});
    lw.ffn_up_w = t(p + "intermediate.dense.weight", {F, H});
    lw.ffn_up_b = t(p + "intermediate.dense.bias", {F});
    lw.ffn_down_w = t(p + "output.dense.weight", {H, F});
    lw.ffn_down_b = t(p + "output.dense.bias", {H});
    lw.ln2_g = t(p + "output.LayerNorm.weight", {H});
    lw.ln2_b = t(p + "output.LayerNorm.bias", {H});
    w.layers.push_back(std::move(lw));
  }
  return w;
}

}  // namespace claimbench::bert
