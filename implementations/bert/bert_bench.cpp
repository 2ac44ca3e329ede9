// Command-line timing of the encoder outside the harness, for development and the goal
// ratios: bert_bench tokenize <vocab.txt> < sentences, or bert_bench <base|large|L,H,A,F> <batch> <sequence> <backend[,backend...]> [2of4] [iterations] [threads]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>

#include <iostream>

#include "bert/bert_encoder.hpp"
#include "bert/wordpiece_tokenizer.hpp"

using namespace claimbench::bert;

int main(int argc, char** argv) {
  // bert_bench tokenize <vocab.txt> < sentences: prints "text<TAB>ids" lines (data/bert/*.tsv).
  if (argc == 3 && std::string(argv[1]) == "tokenize") {
    const WordPieceTokenizer t = WordPieceTokenizer::load(argv[2]);
    for (std::string line; std::getline(std::cin, line);) {
      if (line.empty()) continue;
      std::printf("%s\t", line.c_str());
      const auto ids = t.encode(line);
      for (std::size_t i = 0; i < ids.size(); ++i) std::printf(i ? " %d" : "%d", ids[i]);
      std::printf("\n");
    }
    return 0;
  }
  // bert_bench gemm M K N backends: one linear layer (2:4-pruned weights) per backend, best of 5.
  if (argc == 6 && std::string(argv[1]) == "gemm") {
    const int M = std::atoi(argv[2]), K = std::atoi(argv[3]), N = std::atoi(argv[4]);
    BertConfig c;
    c.layers = 1;
    c.hidden = K;
    c.heads = 1;
    c.ffn = M;
    BertWeights w = random_bert_weights(c, 3);
    prune_2of4_by_magnitude(w.layers[0].ffn_up_w.data(), M, K);
    std::vector<float> x(static_cast<std::size_t>(K) * N, 0.5f), y(static_cast<std::size_t>(M) * N);
    std::stringstream list(argv[5]);
    for (std::string name; std::getline(list, name, ',');) {
      auto be = make_gemm_backend(name);
      auto lin = be->prepare(w.layers[0].ffn_up_w.data(), M, K);
      double best = 1e30;
      for (int i = 0; i < 6; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        lin->run(x.data(), N, N, y.data(), N, 1);
        if (i) best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
      }
      std::printf("%-10s M%d K%d N%d: %.4f s  %.1f GFLOP/s dense-equivalent\n", name.c_str(), M, K, N, best, 2.0 * M * K * N / best * 1e-9);
    }
    return 0;
  }
  if (argc < 5) {
    std::fprintf(stderr, "usage: %s <base|large|L,H,A,F> batch sequence backends [dense|2of4] [iterations] [threads]\n", argv[0]);
    return 2;
  }
  const std::string model = argv[1];
  BertConfig c = model == "large" ? bert_large() : bert_base();
  if (model != "large" && model != "base") std::sscanf(argv[1], "%d,%d,%d,%d", &c.layers, &c.hidden, &c.heads, &c.ffn);
  const int batch = std::atoi(argv[2]), seq = std::atoi(argv[3]);
  const bool pruned = argc > 5 && std::string(argv[5]) == "2of4";
  const int iters = argc > 6 ? std::atoi(argv[6]) : 2;
  const int threads = argc > 7 ? std::atoi(argv[7]) : 1;
  BertWeights w = random_bert_weights(c, 1);
  if (pruned) prune_linear_weights_2of4(w);
  const BertInput in = random_input(c, batch, seq, 2);
  std::stringstream list(argv[4]);
  for (std::string name; std::getline(list, name, ',');) {
    BertEncoder enc(w, make_gemm_backend(name));
    enc.forward(in, threads);  // warm-up
    enc.reset_breakdown();
    double best = 1e30;
    for (int i = 0; i < iters; ++i) {
      const auto t0 = std::chrono::steady_clock::now();
      enc.forward(in, threads);
      best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    const OpBreakdown& b = enc.breakdown();
    std::printf("%-10s %s b%d s%d: best %.4f s  (%.1f GFLOP/s linear)  kernel %s attn %s\n", name.c_str(), model.c_str(),
                batch, seq, best, linear_flops(c, batch * seq) / best * 1e-9, enc.backend().linear_kernel().c_str(),
                enc.backend().attention_kernel().c_str());
    std::printf("   per forward:");
    for (int k = 0; k < static_cast<int>(OpClass::count); ++k)
      std::printf(" %s %.4f", op_class_name(static_cast<OpClass>(k)), b.seconds[k] / b.forwards);
    std::printf("  total/gemm %.3f\n", b.total() / b.seconds[0]);
  }
}
