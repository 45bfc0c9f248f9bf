#include "graph/text.h"

#include <gtest/gtest.h>

#include <string>

namespace kg {
namespace {

TEST(TrimmedTest, DropsAsciiWhiteSpaceAtBothEnds) {
  struct Case {
    std::string text;
    std::string trimmed;
  };
  const Case cases[] = {
      {"Iran", "Iran"},
      {" \t Iran supports Assad \r\n", "Iran supports Assad"},
      {"\v\fa b\f\v", "a b"},
      {"   ", ""},
      {"", ""},
      {"\u00A0Iran\u00A0", "\u00A0Iran\u00A0"},  // only ASCII white space
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Trimmed(c.text), c.trimmed) << "'" << c.text << "'";
    const std::string_view view = TrimmedView(c.text);
    EXPECT_EQ(view, c.trimmed);
    // A view stays inside its text, even when empty, so offsets from it hold.
    EXPECT_GE(view.data(), c.text.data());
    EXPECT_LE(view.data() + view.size(), c.text.data() + c.text.size());
  }
}

}  // namespace
}  // namespace kg
