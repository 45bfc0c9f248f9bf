#include "ingest/relation_lexicon.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "ingest/knowledge_files.h"

namespace kg::ingest {
namespace {

const RelationLexicon& Lexicon() {
  static const RelationLexicon* lexicon = [] {
    auto loaded = RelationLexicon::LoadDefault();
    EXPECT_TRUE(loaded.ok()) << loaded.status().message();
    return new RelationLexicon(std::move(loaded).value());
  }();
  return *lexicon;
}

struct NormalizeCase {
  const char* phrase;
  const char* relation;
  bool inverse;
};

TEST(RelationLexiconTest, NormalizesVerbsParticlesAndFrames) {
  const NormalizeCase cases[] = {
      // supports
      {"back", "supports", false},
      {"back up", "supports", false},
      {"bolster", "supports", false},
      {"reinforce", "supports", false},
      {"aid", "supports", false},
      {"assist", "supports", false},
      {"arm", "supports", false},
      {"fund", "supports", false},
      {"finance", "supports", false},
      {"endorse", "supports", false},
      {"champion", "supports", false},
      {"defend", "supports", false},
      {"prop up", "supports", false},
      {"side with", "supports", false},
      {"stand by", "supports", false},
      {"pledge support to", "supports", false},
      {"provide support for", "supports", false},
      {"send weapons to", "supports", false},
      {"supply arms to", "supports", false},
      {"extend military aid to", "supports", false},
      {"receive support from", "supports", true},
      {"rely on", "supports", true},
      // opposes
      {"oppose", "opposes", false},
      {"condemn", "opposes", false},
      {"reject", "opposes", false},
      {"resist", "opposes", false},
      {"sanction", "opposes", false},
      {"denounce", "opposes", false},
      {"criticise", "opposes", false},
      {"rebel against", "opposes", false},
      {"impose sanctions on", "opposes", false},
      {"cut ties with", "opposes", false},
      // attacks
      {"attack", "attacks", false},
      {"strike", "attacks", false},
      {"bomb", "attacks", false},
      {"shell", "attacks", false},
      {"target", "attacks", false},
      {"invade", "attacks", false},
      {"raid", "attacks", false},
      {"fight", "attacks", false},
      {"open fire on", "attacks", false},
      {"launch attack on", "attacks", false},
      {"carry out airstrikes against", "attacks", false},
      {"wage war on", "attacks", false},
      // controls
      {"capture", "controls", false},
      {"seize", "controls", false},
      {"occupy", "controls", false},
      {"control", "controls", false},
      {"hold", "controls", false},
      {"take", "controls", false},
      {"take over", "controls", false},
      {"take control of", "controls", false},
      {"retake", "controls", false},
      {"fall to", "controls", true},
      // allied_with, member_of, leads, located_in, meets
      {"ally with", "allied_with", false},
      {"join forces with", "allied_with", false},
      {"fight alongside", "allied_with", false},
      {"join", "member_of", false},
      {"belong to", "member_of", false},
      {"pledge allegiance to", "member_of", false},
      {"lead", "leads", false},
      {"head", "leads", false},
      {"command", "leads", false},
      {"preside over", "leads", false},
      {"be based in", "located_in", false},
      {"headquarter in", "located_in", false},
      {"meet", "meets", false},
      {"meet with", "meets", false},
      {"visit", "meets", false},
      {"host", "meets", false},
      {"talk with", "meets", false},
      {"hold talks with", "meets", false},
  };
  for (const NormalizeCase& test : cases) {
    SCOPED_TRACE(test.phrase);
    const RelationMatch match = Lexicon().Normalize(test.phrase);
    EXPECT_EQ(match.relation, test.relation);
    EXPECT_TRUE(match.canonical);
    EXPECT_EQ(match.inverse, test.inverse);
    EXPECT_FALSE(match.entry.empty());
    EXPECT_NE(match.where.find("relations.tsv:"), std::string::npos);
  }
}

TEST(RelationLexiconTest, NormalizesNominalPatterns) {
  const NormalizeCase cases[] = {
      {"support for", "supports", false},   {"backing for", "supports", false},
      {"backer", "supports", false},        {"supporter of", "supports", false},
      {"proxy of", "supports", true},       {"support from", "supports", true},
      {"ally of", "allied_with", false},    {"ally", "allied_with", false},
      {"alliance with", "allied_with", false}, {"partner of", "allied_with", false},
      {"leader of", "leads", false},        {"head of", "leads", false},
      {"commander of", "leads", false},     {"founder of", "leads", false},
      {"member of", "member_of", false},    {"affiliate of", "member_of", false},
      {"wing of", "member_of", false},      {"enemy of", "opposes", false},
      {"opposition to", "opposes", false},  {"critic of", "opposes", false},
      {"attack on", "attacks", false},      {"airstrikes on", "attacks", false},
      {"invasion of", "attacks", false},    {"siege of", "attacks", false},
      {"control of", "controls", false},    {"capture of", "controls", false},
      {"occupation of", "controls", false}, {"capital of", "located_in", false},
      {"meeting with", "meets", false},     {"talks with", "meets", false},
      {"visit to", "meets", false},         {"spokesman for", "role", false},
      {"ambassador to", "role", false},
  };
  for (const NormalizeCase& test : cases) {
    SCOPED_TRACE(test.phrase);
    const RelationMatch match = Lexicon().NormalizeNoun(test.phrase);
    EXPECT_EQ(match.relation, test.relation);
    EXPECT_TRUE(match.canonical);
    EXPECT_EQ(match.inverse, test.inverse);
  }
}

TEST(RelationLexiconTest, SymmetricRelationsAreMarked) {
  EXPECT_TRUE(Lexicon().Normalize("ally with").symmetric);
  EXPECT_TRUE(Lexicon().Normalize("meet").symmetric);
  EXPECT_FALSE(Lexicon().Normalize("back").symmetric);
  for (const char* name : {"supports", "opposes", "attacks", "controls", "allied_with",
                           "member_of", "leads", "located_in", "meets", "role"}) {
    EXPECT_TRUE(Lexicon().IsCanonical(name)) << name;
  }
}

TEST(RelationLexiconTest, FillerWordsAndExtraModifiersAreIgnored) {
  const NormalizeCase cases[] = {
      {"launch an attack on", "attacks", false},
      {"pledge their support to", "supports", false},
      {"Pledge  Support  To", "supports", false},
      {"provide crucial support to", "supports", false},
      {"launch a series of strikes on", "-", false},  // two extra words: kept
  };
  for (const NormalizeCase& test : cases) {
    SCOPED_TRACE(test.phrase);
    const RelationMatch match = Lexicon().Normalize(test.phrase);
    if (std::string(test.relation) == "-") {
      EXPECT_FALSE(match.canonical);
    } else {
      EXPECT_EQ(match.relation, test.relation);
    }
  }
}

TEST(RelationLexiconTest, KeepsUnknownPhrasesNormalised) {
  const struct {
    const char* phrase;
    const char* kept;
  } cases[] = {
      {"cross into", "cross into"},
      {"Cross  Into", "cross into"},
      {"deploy to", "deploy to"},
      {"flee to", "flee to"},
      {"back down", "back down"},       // listed as "-": not "back"
      {"take part in", "take part in"},
      {"give up", "give up"},
  };
  for (const auto& test : cases) {
    SCOPED_TRACE(test.phrase);
    const RelationMatch match = Lexicon().Normalize(test.phrase);
    EXPECT_EQ(match.relation, test.kept);
    EXPECT_FALSE(match.canonical);
    EXPECT_FALSE(match.inverse);
  }
}

TEST(RelationLexiconTest, MatchesModifierPatterns) {
  const struct {
    const char* word;
    const char* relation;
    const char* argument;
    bool inverse;
  } cases[] = {
      {"Iran-backed", "supports", "Iran", false},
      {"Iran - backed", "supports", "Iran", false},
      {"Turkish-backed", "supports", "Turkish", false},
      {"U.S.-funded", "supports", "U.S.", false},
      {"Russian-trained", "supports", "Russian", false},
      {"pro-Assad", "supports", "Assad", true},
      {"Pro-Kremlin", "supports", "Kremlin", true},
      {"anti-Assad", "opposes", "Assad", true},
      {"anti-government", "opposes", "government", true},
      {"Iran-aligned", "allied_with", "Iran", true},
      {"Saudi-led", "leads", "Saudi", false},
      {"U.S.-led", "leads", "U.S.", false},
      {"Kurdish-controlled", "controls", "Kurdish", false},
      {"rebel-held", "controls", "rebel", false},
      {"Israeli-occupied", "controls", "Israeli", false},
      {"Beirut-based", "located_in", "Beirut", true},
      {"al-Qaeda-affiliated", "member_of", "al-Qaeda", true},
  };
  for (const auto& test : cases) {
    SCOPED_TRACE(test.word);
    const auto match = Lexicon().MatchModifier(test.word);
    ASSERT_TRUE(match.has_value());
    EXPECT_EQ(match->relation.relation, test.relation);
    EXPECT_EQ(match->argument, test.argument);
    EXPECT_EQ(match->relation.inverse, test.inverse);
  }
  for (const char* word : {"so-called", "well-known", "long-term", "backed", "-backed", "pro-",
                           "Iran", "al-Assad"}) {
    EXPECT_FALSE(Lexicon().MatchModifier(word).has_value()) << word;
  }
}

TEST(RelationLexiconTest, ClassifiesPolarityAndStandingCues) {
  const struct {
    const char* phrase;
    CueClass cue;
  } cases[] = {
      {"not", CueClass::kNegation},           {"n't", CueClass::kNegation},
      {"never", CueClass::kNegation},         {"no decision", CueClass::kNegation},
      {"no longer", CueClass::kNegation},     {"deny", CueClass::kDenial},
      {"dismiss", CueClass::kDenial},         {"refute", CueClass::kDenial},
      {"refuse", CueClass::kRefusal},         {"decline", CueClass::kRefusal},
      {"refrain from", CueClass::kRefusal},   {"rule out", CueClass::kRefusal},
      {"reject", CueClass::kRefusal},         {"stop short of", CueClass::kRefusal},
      {"reportedly", CueClass::kHedge},       {"allegedly", CueClass::kHedge},
      {"could", CueClass::kHedge},            {"may", CueClass::kHedge},
      {"might", CueClass::kHedge},            {"possibly", CueClass::kHedge},
      {"say", CueClass::kAttribution},        {"according to", CueClass::kAttribution},
      {"tell", CueClass::kAttribution},       {"sources", CueClass::kAttribution},
      {"support", CueClass::kNone},           {"Iran", CueClass::kNone},
  };
  for (const auto& test : cases) {
    EXPECT_STREQ(CueClassName(Lexicon().Cue(test.phrase)), CueClassName(test.cue)) << test.phrase;
  }
  const std::vector<std::string> lemmas = {"the", "group", "refrain", "from", "deploy", "fighter",
                                           "according", "to", "source"};
  const auto refrain = Lexicon().CueAt(lemmas, 2);
  ASSERT_TRUE(refrain.has_value());
  EXPECT_EQ(refrain->cue, CueClass::kRefusal);
  EXPECT_EQ(refrain->word_count, 2u);
  const auto according = Lexicon().CueAt(lemmas, 6);
  ASSERT_TRUE(according.has_value());
  EXPECT_EQ(according->cue, CueClass::kAttribution);
  EXPECT_EQ(according->word_count, 2u);
  EXPECT_FALSE(Lexicon().CueAt(lemmas, 4).has_value());
}

TEST(RelationLexiconTest, ShipsGeneralCoverage) {
  EXPECT_GE(Lexicon().PatternCount(PatternKind::kVerb), 500u);
  EXPECT_GE(Lexicon().PatternCount(PatternKind::kNoun), 300u);
  EXPECT_GE(Lexicon().PatternCount(PatternKind::kModifier), 40u);
  EXPECT_GE(Lexicon().CueCount(), 200u);
}

TEST(RelationLexiconTest, BadLinesNameFileAndLine) {
  const std::string header = "relation\tsupports\tdirected\nclass\tgive\tgive|send\n";
  const struct {
    const char* line;
    const char* message;
  } cases[] = {
      {"verbb\tback\tsupports", "user.tsv:3: unknown kind 'verbb' (did you mean 'verb'?)"},
      {"verb\tback\tsuports",
       "user.tsv:3: relation 'suports' is not declared (did you mean 'supports'?)"},
      {"verb\tback", "user.tsv:3: 'back' needs a relation in field 3 (or '-')"},
      {"verb\tback\tsupports\tbackwards",
       "user.tsv:3: direction must be 'forward' or 'inverse', not 'backwards'"},
      {"verb\t{gve} aid to\tsupports",
       "user.tsv:3: class '{gve}' is not defined (did you mean 'give'?)"},
      {"verb\t{give aid to\tsupports", "user.tsv:3: '{' without '}' in '{give aid to'"},
      {"modifier\tbacked\tsupports",
       "user.tsv:3: modifier pattern 'backed' must look like 'X-backed' or 'pro-X'"},
      {"relation\tallied_with\tboth",
       "user.tsv:3: relation 'allied_with' must be 'directed' or 'symmetric', not 'both'"},
      {"verb", "user.tsv:3: 'verb' needs a pattern in field 2"},
      {"verb\tback\tsupports\tforward\textra", "user.tsv:3: expected at most 4 fields, found 5"},
  };
  for (const auto& test : cases) {
    std::istringstream in(header + test.line + "\n");
    const auto lexicon = RelationLexicon::Parse(in, "user.tsv");
    ASSERT_FALSE(lexicon.ok()) << test.line;
    EXPECT_TRUE(lexicon.status().IsInvalidArgument());
    EXPECT_EQ(lexicon.status().message(), test.message);
  }
  const auto missing = RelationLexicon::Load("/nonexistent/relations.tsv");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(), "/nonexistent/relations.tsv: cannot open relation lexicon");
}

TEST(RelationLexiconTest, UserFilesExtendAndOverrideTheDefault) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("kg_lexicon_test_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::string user = (dir / "mine.tsv").string();
  {
    std::ofstream out(user);
    out << "# my corrections\n"
           "relation\tsanctions\tdirected\n"
           "verb\tsanction|blacklist\tsanctions\n"
           "verb\tbroker truce between\tmeets\n"
           "verb\thold\t-\n"
           "modifier\tX-brokered\tleads\n"
           "hedge\treportedly not\n";
  }
  auto lexicon = RelationLexicon::LoadDefault({}, {user});
  ASSERT_TRUE(lexicon.ok()) << lexicon.status().message();
  EXPECT_EQ(lexicon->Normalize("sanction").relation, "sanctions");
  EXPECT_EQ(lexicon->Normalize("sanction").where, user + ":3");
  EXPECT_EQ(lexicon->Normalize("broker truce between").relation, "meets");
  EXPECT_EQ(lexicon->Normalize("hold").relation, "hold");
  EXPECT_FALSE(lexicon->Normalize("hold").canonical);
  EXPECT_EQ(lexicon->Normalize("back").relation, "supports");  // untouched entries stay
  ASSERT_TRUE(lexicon->MatchModifier("U.S.-brokered").has_value());
  EXPECT_EQ(lexicon->Cue("reportedly not"), CueClass::kHedge);

  const auto broken = RelationLexicon::LoadDefault({}, {(dir / "missing.tsv").string()});
  EXPECT_FALSE(broken.ok());
  std::filesystem::remove_all(dir);
}

TEST(KnowledgeFilesTest, DataDirectoryOrder) {
  const char* saved = std::getenv("KG_DATA");
  const std::string saved_value = saved == nullptr ? "" : saved;
  unsetenv("KG_DATA");
  EXPECT_EQ(KnowledgeDir(), KG_SOURCE_DIR "/ingest/data");
  setenv("KG_DATA", "/tmp/kg-data", 1);
  EXPECT_EQ(KnowledgeDir(), "/tmp/kg-data");
  EXPECT_EQ(KnowledgeDir("/explicit"), "/explicit");
  EXPECT_EQ(KnowledgeFilePath("relations.tsv"), "/tmp/kg-data/relations.tsv");
  if (saved == nullptr) {
    unsetenv("KG_DATA");
  } else {
    setenv("KG_DATA", saved_value.c_str(), 1);
  }
  EXPECT_EQ(SplitValues("a| b |-|"), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(SplitValues("-").empty());
}

}  // namespace
}  // namespace kg::ingest
