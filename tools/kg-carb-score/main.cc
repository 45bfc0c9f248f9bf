// kg-carb-score: scores Open IE tuples on the CaRB benchmark the way the
// reference scorer does with its default matcher (ingest/carb_scorer.h).
// Prints the reference's result line, then P, R and F1 at the best-F1
// threshold and the AUC on lines of their own.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "ingest/carb_scorer.h"

namespace {

// The dev gold in the shared data beside the repository (../shared/data),
// seen from the working directory or from the checkout this was built in.
std::string DefaultGoldPath() {
  const std::filesystem::path relative = "../shared/data/carb-dev/gold/dev.tsv";
  for (const std::filesystem::path& root :
       {std::filesystem::path("."), std::filesystem::path(KG_MODELS_DIR) / ".."}) {
    std::error_code error;
    const std::filesystem::path path = root / relative;
    if (std::filesystem::exists(path, error)) return path.lexically_normal().string();
  }
  return {};
}

int Fail(const std::string& message) {
  std::cerr << "kg-carb-score: " << message << '\n';
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"kg-carb-score: CaRB precision, recall, F1 and AUC of Open IE tuples"};
  std::string gold_path = DefaultGoldPath();
  std::string system_path;
  std::string curve_path;
  app.add_option("--gold", gold_path, "gold tuples (sentence, relation, args; TAB-separated)")
      ->capture_default_str();
  app.add_option("--system", system_path,
                 "system tuples (sentence, confidence, relation, args; TAB-separated)")
      ->required();
  app.add_option("--curve", curve_path, "write the curve as Precision TAB Recall TAB Confidence");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error);
  }
  if (gold_path.empty()) return Fail("no gold file: pass --gold (carb-dev is not in the shared data)");

  auto gold = kg::ingest::ReadCarbGoldFile(gold_path);
  if (!gold.ok()) return Fail(gold.status().message());
  auto system = kg::ingest::ReadCarbSystemFile(system_path);
  if (!system.ok()) return Fail(system.status().message());
  const kg::ingest::CarbScore score = kg::ingest::ScoreCarb(*gold, *system);

  if (!curve_path.empty()) {
    std::ofstream curve(curve_path, std::ios::trunc);
    if (!curve) return Fail(curve_path + ": cannot open for writing");
    // Sorted by recall, as the reference writes it: the curve runs from
    // the highest threshold (lowest recall) down.
    curve << "Precision\tRecall\tConfidence\n";
    for (auto it = score.curve.rbegin(); it != score.curve.rend(); ++it) {
      curve << it->precision << '\t' << it->recall << '\t' << it->confidence << '\n';
    }
    if (!curve) return Fail(curve_path + ": write failed");
  }
  std::cout << kg::ingest::FormatCarbResult(score) << '\n';
  std::printf("gold tuples %zu, system tuples %zu, curve points %zu\n", score.gold_tuples,
              score.predicted_tuples, score.curve.size());
  std::printf("P %.3f  R %.3f  F1 %.3f  (threshold %.4f)  AUC %.3f\n", score.best.precision,
              score.best.recall, score.best.f1, score.best.confidence, score.auc);
  return 0;
}
