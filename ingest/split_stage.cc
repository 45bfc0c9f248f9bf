#include "ingest/split_stage.h"

#include <cstdint>
#include <limits>
#include <string>

namespace kg::ingest {

Status SplitStage::Process(Document& document) const {
  // Offsets are stored as uint32 (proto SentenceSpan, Token): a longer text
  // would wrap them silently.
  if (document.text.size() > std::numeric_limits<uint32_t>::max()) {
    return Status::InvalidArgument("text of " + std::to_string(document.text.size()) +
                                   " bytes is too long for 32-bit offsets");
  }
  splitter_.SplitDocument(&document);
  return Status::Ok();
}

}  // namespace kg::ingest
