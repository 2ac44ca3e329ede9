// A float64 reference of the same network, written independently of the optimized path:
// token-major ([tokens × H]), naive loops, std::exp/std::erf, attention with the −∞ key mask.
// It reads the fp32 weights (so a 2:4-pruned copy gives the reference of the pruned network).
// Cost: the full dense FLOPs in scalar float64, so it is used on small configurations, on
// one sequence, or on one layer for a sample of query positions.
#pragma once

#include <vector>

#include "bert/bert_encoder.hpp"
#include "bert/bert_weights.hpp"

namespace claimbench::bert {

// Embeddings + layer norm of sequence b: [sequence × H].
std::vector<double> reference_embeddings(const BertWeights& w, const BertInput& in, int b);

// One encoder layer on one sequence x [sequence × H] whose first `length` tokens are real;
// returns the rows `queries` (token positions) of the layer's output: [queries.size() × H].
std::vector<double> reference_layer(const BertWeights& w, int layer, const std::vector<double>& x, int sequence,
                                    int length, const std::vector<int>& queries);

// The whole encoder on sequence b: final hidden states [sequence × H].
std::vector<double> reference_encoder(const BertWeights& w, const BertInput& in, int b);

// Mean over the real tokens of a [sequence × H] output: [H].
std::vector<double> reference_mean_pool(const std::vector<double>& hidden, int H, int length);

}  // namespace claimbench::bert
