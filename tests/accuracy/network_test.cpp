#include <catch2/catch.hpp>

#include "accuracy/network.hpp"

using namespace claimbench::accuracy;

TEST_CASE("Network: both architectures have the documented layer shapes") {
  const auto mlp = make_architecture("mlp");
  REQUIRE(mlp.layers.size() == 3);
  CHECK(mlp.weight_count() == 784u * 300 + 300u * 100 + 100u * 10);
  const auto cnn = make_architecture("cnn");
  REQUIRE(cnn.layers.size() == 4);
  CHECK(cnn.layers[1].k() == 16 * 9);
  CHECK(cnn.layers[1].out_h() == 14);
  CHECK(cnn.layers[2].in == 32 * 7 * 7);
  CHECK_THROWS_AS(make_architecture("resnet"), std::invalid_argument);
}

TEST_CASE("Network: serialization round-trips and rejects damaged bytes") {
  auto net = make_architecture("mlp");
  for (std::size_t i = 0; i < net.layers[1].weight.size(); ++i) net.layers[1].weight[i] = static_cast<float>(i) * 0.5f;
  net.layers[1].mask.assign(net.layers[1].weight.size(), 1.0f);
  net.layers[1].mask[7] = 0.0f;
  net.input_mean = 0.25f;
  const auto bytes = serialize(net);
  const auto back = deserialize_network(bytes);
  CHECK(back.layers[1].weight == net.layers[1].weight);
  CHECK(back.layers[1].mask == net.layers[1].mask);
  CHECK(back.layers[0].mask.empty());
  CHECK(back.input_mean == 0.25f);
  auto truncated = bytes;
  truncated.resize(bytes.size() - 3);
  CHECK_THROWS_AS(deserialize_network(truncated), std::runtime_error);
  auto bad = bytes;
  bad[0] = 'X';
  CHECK_THROWS_AS(deserialize_network(bad), std::runtime_error);
}
