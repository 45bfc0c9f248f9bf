#include "shell/suggest.h"

#include <algorithm>
#include <cctype>
#include <numeric>

namespace kg::shell {

size_t EditDistance(std::string_view a, std::string_view b) {
  auto lower = [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); };
  std::vector<size_t> previous(b.size() + 1);
  std::vector<size_t> current(b.size() + 1);
  std::iota(previous.begin(), previous.end(), 0);
  for (size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t substitute = previous[j - 1] + (lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitute});
    }
    std::swap(previous, current);
  }
  return previous[b.size()];
}

std::vector<std::string> Suggest(std::string_view word, const std::vector<std::string>& candidates,
                                 size_t limit) {
  const size_t max_distance = std::max<size_t>(1, word.size() / 3);
  std::vector<std::pair<size_t, size_t>> scored;  // {distance, index}
  for (size_t i = 0; i < candidates.size(); ++i) {
    // Cheap length filter first: the distance is at least the length gap.
    const size_t gap = candidates[i].size() > word.size() ? candidates[i].size() - word.size()
                                                         : word.size() - candidates[i].size();
    if (gap > max_distance) continue;
    const size_t distance = EditDistance(word, candidates[i]);
    if (distance <= max_distance) scored.emplace_back(distance, i);
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<std::string> result;
  for (const auto& [distance, index] : scored) {
    if (result.size() >= limit) break;
    if (std::find(result.begin(), result.end(), candidates[index]) == result.end()) {
      result.push_back(candidates[index]);
    }
  }
  return result;
}

std::string DidYouMean(const std::vector<std::string>& suggestions) {
  if (suggestions.empty()) return "";
  std::string text = "; did you mean ";
  for (size_t i = 0; i < suggestions.size(); ++i) {
    if (i > 0) text += i + 1 == suggestions.size() ? " or " : ", ";
    text += "\"" + suggestions[i] + "\"";
  }
  return text + "?";
}

}  // namespace kg::shell
