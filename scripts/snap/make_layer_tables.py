#!/usr/bin/env python3
"""Writes the conv-layer workload tables of the SNAP/SCNN models (data/workloads/*-conv.csv).

Shapes are the published architectures; weight densities are per-layer pruning results (cited
in each table's # source line); activation densities are the cited assumption below. Rerun
after editing the numbers here; the CSVs are what the harness reads.
"""
import os

ACT = 0.56  # Albericio et al. 2016 (Cnvlutin): conv-layer inputs are on average 44% zeros.
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "data", "workloads")
HEADER = "id,model,layer,seed,quick,C,K,H,W,R,S,stride,pad,weight_density,activation_density,pattern,cluster_run"


def row(prefix, model, layer, seed, quick, C, K, H, W, R, S, stride, pad, wd, ad, pattern="uniform"):
    return (f"{prefix}.{layer}.{pattern},{model},{layer},{seed},{1 if quick else 0},{C},{K},{H},{W},{R},{S},"
            f"{stride},{pad},{wd:.6f},{ad:.6f},{pattern},4")


def resnet50():
    # IntelLabs Distiller, examples/agp-pruning/resnet50.schedule_agp.yaml: AGP element-wise
    # pruning of torchvision ResNet-50 (v1.5, stride in the 3x3 conv), top-1 75.99 vs 76.15
    # dense. Its parameter table gives NNZ(dense) and NNZ(sparse) per layer: conv1 is not
    # pruned; every other conv and the FC keep 20.0% (fine sparsity 79.98-80.00% per layer).
    rows = []
    rows.append(("conv1", 3, 64, 224, 224, 7, 7, 2, 3, 1.0, 1.0))
    cfg = [("layer1", 3, 64, 256, 56, 1), ("layer2", 4, 128, 512, 56, 2), ("layer3", 6, 256, 1024, 28, 2),
           ("layer4", 3, 512, 2048, 14, 2)]
    cin = 64
    for name, blocks, width, out, hin, stride in cfg:
        h = hin
        for b in range(blocks):
            s = stride if b == 0 else 1
            ho = h // s
            rows.append((f"{name}.{b}.conv1", cin, width, h, h, 1, 1, 1, 0, None, ACT))
            rows.append((f"{name}.{b}.conv2", width, width, h, h, 3, 3, s, 1, None, ACT))
            rows.append((f"{name}.{b}.conv3", width, out, ho, ho, 1, 1, 1, 0, None, ACT))
            if b == 0:
                rows.append((f"{name}.{b}.downsample", cin, out, h, h, 1, 1, s, 0, None, ACT))
            cin = out
            h = ho
    # FC after global average pooling: an average of 49 ReLU outputs is zero only when all are,
    # so its input is taken as dense (assumed).
    rows.append(("fc", 2048, 1000, 1, 1, 1, 1, 1, 0, None, 1.0))
    out_rows = [(l, C, K, H, W, R, S, st, pad, 0.2 if wd is None else wd, ad)
                for (l, C, K, H, W, R, S, st, pad, wd, ad) in rows]
    return out_rows


def alexnet():
    # Han et al., Deep Compression (ICLR 2016, arXiv:1510.00149v5) Table 4 "Weights% (P)": weights
    # kept per layer (re-verified against a text extraction of the paper, see TABLES below). conv2, conv4, conv5 are grouped (2 groups)
    # in Caffe's AlexNet: C is the per-group input channel count.
    return [("conv1", 3, 96, 227, 227, 11, 11, 4, 0, 0.84, 1.0), ("conv2", 48, 256, 27, 27, 5, 5, 1, 2, 0.38, ACT),
            ("conv3", 256, 384, 13, 13, 3, 3, 1, 1, 0.35, ACT), ("conv4", 192, 384, 13, 13, 3, 3, 1, 1, 0.37, ACT),
            ("conv5", 192, 256, 13, 13, 3, 3, 1, 1, 0.37, ACT), ("fc6", 9216, 4096, 1, 1, 1, 1, 1, 0, 0.09, ACT),
            ("fc7", 4096, 4096, 1, 1, 1, 1, 1, 0, 0.09, ACT), ("fc8", 4096, 1000, 1, 1, 1, 1, 1, 0, 0.25, ACT)]


def vgg16():
    # Han et al., Deep Compression (ICLR 2016, arXiv:1510.00149v5) Table 5 "Weights% (P)": weights
    # kept per layer (re-verified, see TABLES below).
    kept = [0.58, 0.22, 0.34, 0.36, 0.53, 0.24, 0.42, 0.32, 0.27, 0.34, 0.35, 0.29, 0.36]
    convs = [(3, 64, 224), (64, 64, 224), (64, 128, 112), (128, 128, 112), (128, 256, 56), (256, 256, 56),
             (256, 256, 56), (256, 512, 28), (512, 512, 28), (512, 512, 28), (512, 512, 14), (512, 512, 14),
             (512, 512, 14)]
    names = ["conv1_1", "conv1_2", "conv2_1", "conv2_2", "conv3_1", "conv3_2", "conv3_3", "conv4_1", "conv4_2",
             "conv4_3", "conv5_1", "conv5_2", "conv5_3"]
    rows = [(n, C, K, h, h, 3, 3, 1, 1, d, 1.0 if i == 0 else ACT) for i, (n, (C, K, h), d) in
            enumerate(zip(names, convs, kept))]
    # fc6/fc7/fc8 keep 4%, 4%, 23% ("Weights% (P)"); the 1.6% / 1.5% / 7.1% next to them in the
    # table (and "pruned to less than 1.6%" in the text) are compression rates after quantization.
    rows += [("fc6", 25088, 4096, 1, 1, 1, 1, 1, 0, 0.04, ACT), ("fc7", 4096, 4096, 1, 1, 1, 1, 1, 0, 0.04, ACT),
             ("fc8", 4096, 1000, 1, 1, 1, 1, 1, 0, 0.23, ACT)]
    return rows


ACT_SOURCE = ("activation_density: 0.56 for every layer whose input is a ReLU output, the average of "
              "Albericio et al., Cnvlutin (ISCA 2016): conv-layer inputs are 44% zeros on average (as cited by "
              "Shi and Chu, arXiv 1704.07724); 1.0 for the image input of the first layer (assumed)")

TABLES = {
    "resnet50-pruned-conv": ("resnet-50", "rn50", resnet50, 5000,
        "ResNet-50 v1.5 (torchvision; He et al. 2016) with per-layer weight densities of IntelLabs Distiller's AGP "
        "element-wise pruned ResNet-50 (examples/agp-pruning/resnet50.schedule_agp.yaml, NNZ table; top-1 75.99%): "
        "conv1 dense, every other conv and the FC 20.0%. FC input taken as dense (global average pool; assumed). ",
        {"layer1.0.conv1", "layer2.1.conv2", "layer3.1.conv1", "layer4.0.conv3"}),
    "alexnet-pruned-conv": ("alexnet", "alexnet", alexnet, 6000,
        "AlexNet (Caffe, grouped conv2/4/5: C per group) with weights kept per layer from Han, Mao and Dally, "
        "Deep Compression (ICLR 2016, arXiv:1510.00149v5), Table 4, column Weights% (P): conv1 84%, conv2 38%, conv3 35%, "
        "conv4 37%, conv5 37%, fc6 9%, fc7 9%, fc8 25% (re-verified 2026-11 against a text extraction of the paper; "
        "every figure matched). ", {"conv3"}),
    "vgg16-pruned-conv": ("vgg-16", "vgg16", vgg16, 7000,
        "VGG-16 (Simonyan and Zisserman 2015) with weights kept per layer from Han, Mao and Dally, Deep Compression "
        "(ICLR 2016, arXiv:1510.00149v5), Table 5, column Weights% (P): conv1_1..conv5_3 58/22/34/36/53/24/42/32/27/34/35/29/36%, "
        "fc6 4%, fc7 4%, fc8 23% (re-verified 2026-11 against text extractions of the paper: the fully connected "
        "layers were corrected from 1%/2%/9%; the 1.6%/1.5% in the same table rows are compression rates after "
        "quantization, not weights kept). ", {"conv4_2"}),
}

for table, (model, prefix, fn, seed0, source, quick) in TABLES.items():
    for pattern in ("uniform", "clustered"):
        name = table if pattern == "uniform" else table + "-clustered"
        with open(os.path.join(OUT, name + ".csv"), "w") as f:
            f.write(f"# A layer per row for the SNAP, SCNN, dense-array and ideal-sparse cycle models. Columns: C input "
                    f"channels, K output channels, H x W input, R x S filter, stride, pad, densities in (0, 1], pattern "
                    f"uniform|clustered (clustered: nonzero runs along C of mean length cluster_run).\n")
            f.write("# kind: conv-layer\n")
            f.write(f"# source: {source}{ACT_SOURCE}. Generated by scripts/snap/make_layer_tables.py.\n")
            f.write(HEADER + "\n")
            for i, (layer, C, K, H, W, R, S, st, pad, wd, ad) in enumerate(fn()):
                f.write(row(prefix, model, layer, seed0 + i, layer in quick and pattern == "uniform", C, K, H, W, R,
                            S, st, pad, wd, ad, pattern) + "\n")

# Whole networks: one row per (network, pattern); the layers are the rows of the named table.
with open(os.path.join(OUT, "snap-networks.csv"), "w") as f:
    f.write("# Whole networks for the SNAP/SCNN cycle models (kind conv-network): `layers` names the conv-layer table\n"
            "# holding the network's layers, `pattern` which nonzero arrangement they use.\n")
    f.write("# kind: conv-network\n")
    f.write("# source: the layer tables' own sources (Distiller AGP ResNet-50; Han et al. 2016 for AlexNet and VGG-16; "
            "activation densities per Albericio et al. 2016).\n")
    f.write("id,model,layer,seed,quick,layers,pattern\n")
    for table, (model, prefix, fn, seed0, source, quick) in TABLES.items():
        f.write(f"net.{prefix}.uniform,{model},all,{seed0},{1 if prefix == 'rn50' else 0},{table},uniform\n")
        f.write(f"net.{prefix}.clustered,{model},all,{seed0},0,{table}-clustered,clustered\n")

# Sensitivity: utilization against densities (0.05..1.0), window (8/16/32), pairs per cycle and
# look-ahead, on two ResNet-50 layer shapes (a 3x3 and a 1x1 convolution of stage 3).
SHAPES = [("layer3.1.conv2", 256, 256, 14, 14, 3, 3, 1, 1), ("layer3.1.conv1", 1024, 256, 14, 14, 1, 1, 1, 0)]
DENS = [0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0]
with open(os.path.join(OUT, "snap-sensitivity-density.csv"), "w") as f:
    f.write("# Utilization against weight and activation density: two ResNet-50 stage-3 layer shapes, every\n"
            "# (weight_density, activation_density) pair of 0.05..1.0, uniform nonzeros, default parameters.\n")
    f.write("# kind: conv-layer\n# source: shapes of ResNet-50 v1.5 (He et al. 2016); the density grid is this sweep's own.\n")
    f.write(HEADER + "\n")
    seed = 9000
    for (layer, C, K, H, W, R, S, st, pad) in SHAPES:
        for wd in DENS:
            for ad in DENS:
                f.write(f"sens.density.{layer}.w{wd:g}.a{ad:g},resnet-50,{layer},{seed},0,{C},{K},{H},{W},{R},{S},{st},"
                        f"{pad},{wd},{ad},uniform,4\n")
                seed += 1
with open(os.path.join(OUT, "snap-sensitivity-matcher.csv"), "w") as f:
    f.write("# Utilization against the matcher's window (N_W = N_IA = 8, 16, 32), pairs issued per cycle P (1..3)\n"
            "# and look-ahead (on/off), at the pruned ResNet-50's densities (weights 0.2, activations 0.56).\n")
    f.write("# kind: conv-layer\n# source: shapes of ResNet-50 v1.5 (He et al. 2016); densities as resnet50-pruned-conv; "
            "the parameter grid is this sweep's own.\n")
    f.write(HEADER + ",window,pairs_per_cycle,lookahead\n")
    seed = 9500
    for (layer, C, K, H, W, R, S, st, pad) in SHAPES:
        for window in (8, 16, 32):
            for pairs in (1, 2, 3):
                for look in (1, 0):
                    f.write(f"sens.matcher.{layer}.n{window}.p{pairs}.la{look},resnet-50,{layer},{seed},0,{C},{K},{H},{W},"
                            f"{R},{S},{st},{pad},0.2,0.56,uniform,4,{window},{pairs},{look}\n")
        seed += 1

# Sensitivity: finite buffers (buffer_model.hpp) on every layer of the pruned ResNet-50, per-core
# weight and activation buffers of 32 KiB and 128 KiB (the placeholder of snap-architecture.md §6
# and four times it) and 16 bytes per cycle off chip (7.7 GB/s at 480 MHz). None of these is a
# SNAP figure: its buffer sizes and DRAM interface are not public.
with open(os.path.join(OUT, "snap-sensitivity-buffers.csv"), "w") as f:
    f.write("# Utilization with finite on-chip buffers: the pruned ResNet-50 layers (uniform), per-core weight and\n"
            "# activation buffers of 32 KiB and 128 KiB, 16 B/cycle off chip; refills and DRAM stalls are counters.\n")
    f.write("# kind: conv-layer\n# source: layers and densities as resnet50-pruned-conv; buffer sizes and bandwidth are "
            "assumed (SNAP's are not public; 32 KB is the placeholder of snap-architecture.md section 6).\n")
    f.write(HEADER + ",weight_buffer_bytes,activation_buffer_bytes,dram_bytes_per_cycle\n")
    for kib in (32, 128):
        for i, (layer, C, K, H, W, R, S, st, pad, wd, ad) in enumerate(resnet50()):
            f.write(f"sens.buffers.{kib}k.{layer},resnet-50,{layer},{5000 + i},0,{C},{K},{H},{W},{R},{S},{st},{pad},"
                    f"{wd:.6f},{ad:.6f},uniform,4,{kib * 1024},{kib * 1024},16\n")
