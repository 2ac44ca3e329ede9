#include "accuracy/network.hpp"

#include <cstring>
#include <stdexcept>

namespace claimbench::accuracy {

std::size_t Layer::kept_count() const {
  if (mask.empty()) return weight.size();
  std::size_t kept = 0;
  for (float m : mask) kept += m != 0.0f;
  return kept;
}

std::size_t Network::weight_count() const {
  std::size_t n = 0;
  for (const auto& l : layers) n += l.weight_count();
  return n;
}

std::size_t Network::kept_count() const {
  std::size_t n = 0;
  for (const auto& l : layers) n += l.kept_count();
  return n;
}

double Network::sparsity() const {
  const auto total = weight_count();
  return total ? 1.0 - static_cast<double>(kept_count()) / static_cast<double>(total) : 0.0;
}

bool is_known_model(const std::string& model) { return model == "mlp" || model == "cnn"; }

namespace {

Layer dense_layer(std::string name, int in, int out, bool relu) {
  Layer l;
  l.name = std::move(name);
  l.in = in;
  l.out = out;
  l.relu_after = relu;
  return l;
}

Layer conv_layer(std::string name, int in, int out, int size, int in_hw) {
  Layer l;
  l.name = std::move(name);
  l.conv = true;
  l.in = in;
  l.out = out;
  l.kh = l.kw = size;
  l.pad = size / 2;
  l.in_h = l.in_w = in_hw;
  l.pool_after = true;
  return l;
}

}  // namespace

Network make_architecture(const std::string& model) {
  Network net;
  net.model = model;
  if (model == "mlp") {
    net.layers = {dense_layer("fc1", 784, 300, true), dense_layer("fc2", 300, 100, true),
                  dense_layer("fc3", 100, 10, false)};
  } else if (model == "cnn") {
    net.layers = {conv_layer("conv1", 1, 16, 3, 28), conv_layer("conv2", 16, 32, 3, 14),
                  dense_layer("fc1", 32 * 7 * 7, 128, true), dense_layer("fc2", 128, 10, false)};
  } else {
    throw std::invalid_argument("unknown model '" + model + "' (known: mlp, cnn)");
  }
  for (auto& l : net.layers) {
    l.weight.assign(static_cast<std::size_t>(l.out) * l.k(), 0.0f);
    l.bias.assign(static_cast<std::size_t>(l.out), 0.0f);
  }
  return net;
}

namespace {

constexpr char kMagic[8] = {'C', 'B', 'N', 'E', 'T', '0', '0', '1'};

void put_bytes(std::vector<unsigned char>& out, const void* p, std::size_t n) {
  const auto* b = static_cast<const unsigned char*>(p);
  out.insert(out.end(), b, b + n);
}
void put_u64(std::vector<unsigned char>& out, std::uint64_t v) { put_bytes(out, &v, sizeof v); }
void put_floats(std::vector<unsigned char>& out, const std::vector<float>& v) {
  put_u64(out, v.size());
  put_bytes(out, v.data(), v.size() * sizeof(float));
}

struct Reader {
  const std::vector<unsigned char>& bytes;
  std::size_t at = 0;
  void get(void* p, std::size_t n) {
    if (n > bytes.size() - at) throw std::runtime_error("cached network: truncated at byte " + std::to_string(at));
    std::memcpy(p, bytes.data() + at, n);
    at += n;
  }
  std::uint64_t u64() {
    std::uint64_t v = 0;
    get(&v, sizeof v);
    return v;
  }
  std::vector<float> floats() {
    const auto n = u64();
    if (n > (bytes.size() - at) / sizeof(float)) throw std::runtime_error("cached network: bad array length");
    std::vector<float> v(n);
    get(v.data(), n * sizeof(float));
    return v;
  }
};

}  // namespace

std::vector<unsigned char> serialize(const Network& net) {
  std::vector<unsigned char> out;
  put_bytes(out, kMagic, sizeof kMagic);
  put_u64(out, net.model.size());
  put_bytes(out, net.model.data(), net.model.size());
  put_bytes(out, &net.input_mean, sizeof(float));
  put_bytes(out, &net.input_std, sizeof(float));
  put_u64(out, net.layers.size());
  for (const auto& l : net.layers) {
    put_floats(out, l.weight);
    put_floats(out, l.bias);
    put_floats(out, l.mask);
  }
  return out;
}

Network deserialize_network(const std::vector<unsigned char>& bytes) {
  Reader r{bytes};
  char magic[sizeof kMagic];
  r.get(magic, sizeof magic);
  if (std::memcmp(magic, kMagic, sizeof kMagic) != 0) throw std::runtime_error("cached network: wrong magic/version");
  const auto name_length = r.u64();
  if (name_length > 16) throw std::runtime_error("cached network: bad model name");
  std::string model(name_length, '\0');
  r.get(model.data(), name_length);
  if (!is_known_model(model)) throw std::runtime_error("cached network: unknown model '" + model + "'");
  Network net = make_architecture(model);
  r.get(&net.input_mean, sizeof(float));
  r.get(&net.input_std, sizeof(float));
  if (r.u64() != net.layers.size()) throw std::runtime_error("cached network: layer count differs from " + model);
  for (auto& l : net.layers) {
    auto w = r.floats(), b = r.floats(), m = r.floats();
    if (w.size() != l.weight.size() || b.size() != l.bias.size() || (!m.empty() && m.size() != w.size()))
      throw std::runtime_error("cached network: layer " + l.name + " has the wrong size");
    l.weight = std::move(w);
    l.bias = std::move(b);
    l.mask = std::move(m);
  }
  if (r.at != bytes.size()) throw std::runtime_error("cached network: trailing bytes");
  return net;
}

}  // namespace claimbench::accuracy
