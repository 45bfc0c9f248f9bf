#include "ingest/entity_normalizer.h"

#include <gtest/gtest.h>

#include <sstream>

#include "ingest/acronyms.h"
#include "ingest/article_entities.h"
#include "ingest/entity_registry.h"
#include "ingest/knowledge_base.h"
#include "ingest/language/tokenizer.h"

namespace kg::ingest {
namespace {

const KnowledgeBase& Knowledge() {
  static const KnowledgeBase* base = [] {
    auto loaded = KnowledgeBase::Load();
    EXPECT_TRUE(loaded.ok()) << loaded.status().message();
    return loaded.ok() ? std::move(loaded).value().release() : new KnowledgeBase();
  }();
  return *base;
}

EntityNormalizer MakeNormalizer() {
  const KnowledgeBase& k = Knowledge();
  return EntityNormalizer(k.countries, k.titles, k.heads, &k.relations);
}

std::string Facts(const EntityMention& mention) {
  std::string out;
  for (const EntityFact& fact : mention.facts) {
    if (!out.empty()) out += "; ";
    out += fact.subject + " " + fact.relation + " " + fact.object;
  }
  return out;
}

struct MentionCase {
  const char* text;
  MentionKind kind;
  const char* name;
  const char* title;
  const char* affiliation;
  const char* facts;
};

TEST(EntityNormalizerTest, AnalyzesNounPhrases) {
  using K = MentionKind;
  const MentionCase cases[] = {
      // Titles and roles.
      {"Iranian Foreign Minister Abbas Araghchi", K::kNamed, "Abbas Araghchi", "Foreign Minister",
       "Iran", "Abbas Araghchi role Iran"},
      {"Syrian President Bashar al-Assad", K::kNamed, "Bashar al-Assad", "President", "Syria",
       "Bashar al-Assad leads Syria"},
      {"Russian President Vladimir Putin", K::kNamed, "Vladimir Putin", "President", "Russia",
       "Vladimir Putin leads Russia"},
      {"German Chancellor Olaf Scholz", K::kNamed, "Olaf Scholz", "Chancellor", "Germany",
       "Olaf Scholz leads Germany"},
      {"King Abdullah II", K::kNamed, "Abdullah II", "King", "", ""},
      {"Prime Minister Benjamin Netanyahu", K::kNamed, "Benjamin Netanyahu", "Prime Minister",
       "", ""},
      {"former President Donald Trump", K::kNamed, "Donald Trump", "former President", "", ""},
      {"ex-President Jair Bolsonaro", K::kNamed, "Jair Bolsonaro", "ex- President", "", ""},
      {"Gen. Qassem Soleimani", K::kNamed, "Qassem Soleimani", "Gen.", "", ""},
      {"U.S. Secretary of State Antony Blinken", K::kNamed, "Antony Blinken",
       "Secretary of State", "United States", "Antony Blinken role United States"},
      {"Indian Defence Minister Rajnath Singh", K::kNamed, "Rajnath Singh", "Defence Minister",
       "India", "Rajnath Singh role India"},
      {"Egypt's Minister of Foreign Affairs Sameh Shoukry", K::kNamed, "Sameh Shoukry",
       "Minister of Foreign Affairs", "Egypt", "Sameh Shoukry role Egypt"},
      {"Hezbollah leader Naim Qassem", K::kNamed, "Naim Qassem", "leader", "Hezbollah",
       "Naim Qassem leads Hezbollah"},
      {"Mr. Erdogan", K::kNamed, "Erdogan", "", "", ""},
      {"Sheikh Tamim bin Hamad Al Thani", K::kNamed, "Tamim bin Hamad Al Thani", "", "", ""},
      {"the Iranian president", K::kUnresolved, "", "president", "Iran", ""},
      {"Japan's prime minister", K::kUnresolved, "", "prime minister", "Japan", ""},
      {"the leader of HTS", K::kUnresolved, "", "leader", "HTS", ""},
      {"Venezuelan opposition leader Juan Guaido", K::kNamed, "Juan Guaido", "opposition leader",
       "Venezuela", "Juan Guaido role Venezuela"},
      {"Hamas's political bureau chief Ismail Haniyeh", K::kNamed, "Ismail Haniyeh",
       "political bureau chief", "Hamas", "Ismail Haniyeh role Hamas"},
      {"Iran's Supreme Leader Ayatollah Ali Khamenei", K::kNamed, "Ali Khamenei",
       "Supreme Leader", "Iran", "Ali Khamenei leads Iran"},
      {"NATO Secretary-General Mark Rutte", K::kNamed, "Mark Rutte", "Secretary-General", "NATO",
       "Mark Rutte leads NATO"},
      {"Chinese President Xi Jinping", K::kNamed, "Xi Jinping", "President", "China",
       "Xi Jinping leads China"},
      {"the president of France", K::kUnresolved, "", "president", "France", ""},
      {"Jordan's King Abdullah", K::kNamed, "Abdullah", "King", "Jordan", "Abdullah leads Jordan"},
      {"Saudi Crown Prince Mohammed bin Salman", K::kNamed, "Mohammed bin Salman", "Crown Prince",
       "Saudi Arabia", "Mohammed bin Salman role Saudi Arabia"},
      {"UN Special Envoy Geir Pedersen", K::kNamed, "Geir Pedersen", "Special Envoy", "UN",
       "Geir Pedersen role UN"},
      // Countries by any form, when they stand for the state.
      {"the United States", K::kCountry, "United States", "", "", ""},
      {"the U.S.", K::kCountry, "United States", "", "", ""},
      {"Tehran", K::kCountry, "Iran", "", "", ""},
      {"Moscow", K::kCountry, "Russia", "", "", ""},
      {"Iranian", K::kCountry, "Iran", "", "", ""},
      {"Brazil", K::kCountry, "Brazil", "", "", ""},
      {"The Gambia", K::kCountry, "Gambia", "", "", ""},
      {"the Netherlands", K::kCountry, "Netherlands", "", "", ""},
      {"The Hague", K::kCountry, "Netherlands", "", "", ""},
      {"US", K::kCountry, "United States", "", "", ""},
      {"us", K::kUnresolved, "", "", "", ""},
      {"Yemen's Iran-aligned Houthis", K::kNamed, "Houthis", "", "",
       "Houthis allied_with Iran; Houthis located_in Yemen"},
      {"the Syrian government", K::kCountry, "Syria", "", "", ""},
      {"Syria's government", K::kCountry, "Syria", "", "", ""},
      {"the Turkish regime", K::kCountry, "Turkey", "", "", ""},
      // Generic heads stay their own descriptions.
      {"Iraqi fighters", K::kGeneric, "Iraqi fighters", "", "", ""},
      {"two Iranian officials", K::kGeneric, "Iranian officials", "", "", ""},
      {"U.S. troops", K::kGeneric, "American troops", "", "", ""},
      {"South Korean officials", K::kGeneric, "South Korean officials", "", "", ""},
      {"Syrians", K::kGeneric, "Syrians", "", "", ""},
      {"the Turks", K::kGeneric, "Turks", "", "", ""},
      {"Korean officials", K::kGeneric, "Korean officials", "", "", ""},
      {"rebels", K::kGeneric, "rebels", "", "", ""},
      {"Shiite militias", K::kGeneric, "Shiite militias", "", "", ""},
      {"Israeli strikes", K::kGeneric, "Israeli strikes", "", "", ""},
      {"the Trump administration", K::kGeneric, "Trump administration", "", "", ""},
      {"the Israeli military", K::kGeneric, "Israeli military", "", "", ""},
      {"Syria's opposition", K::kGeneric, "Syrian opposition", "", "", ""},
      // Relational modifiers become facts.
      {"Iran-backed Iraqi fighters", K::kGeneric, "Iraqi fighters", "", "",
       "Iran supports Iraqi fighters"},
      {"Turkish-backed rebels", K::kGeneric, "Turkish-backed rebels", "", "",
       "Turkey supports Turkish-backed rebels"},
      {"pro-Assad militias", K::kGeneric, "pro-Assad militias", "", "",
       "pro-Assad militias supports Assad"},
      {"anti-Assad rebels", K::kGeneric, "anti-Assad rebels", "", "",
       "anti-Assad rebels opposes Assad"},
      {"the Saudi-led coalition", K::kGeneric, "Saudi-led coalition", "", "",
       "Saudi Arabia leads Saudi-led coalition"},
      {"the Iran-aligned group", K::kGeneric, "Iran-aligned group", "", "",
       "Iran-aligned group allied_with Iran"},
      {"Russian-backed separatists", K::kGeneric, "Russian-backed separatists", "", "",
       "Russia supports Russian-backed separatists"},
      // Possessives.
      {"Lebanon's Hezbollah", K::kNamed, "Hezbollah", "", "", "Hezbollah located_in Lebanon"},
      {"Syria's President Bashar al-Assad", K::kNamed, "Bashar al-Assad", "President", "Syria",
       "Bashar al-Assad leads Syria"},
      {"Nigeria’s Boko Haram", K::kNamed, "Boko Haram", "", "", "Boko Haram located_in Nigeria"},
      {"Iraq's Popular Mobilisation Forces", K::kNamed, "Popular Mobilisation Forces", "", "",
       "Popular Mobilisation Forces located_in Iraq"},
      {"Iran's support", K::kGeneric, "Iranian support", "", "", ""},
      {"Iranian-backed Kataib Hezbollah", K::kNamed, "Kataib Hezbollah", "", "",
       "Iran supports Kataib Hezbollah"},
      {"Turkey-backed Syrian National Army", K::kNamed, "Syrian National Army", "", "",
       "Turkey supports Syrian National Army"},
      // Names.
      {"Syrian Democratic Forces", K::kNamed, "Syrian Democratic Forces", "", "", ""},
      {"the Popular Mobilisation Forces", K::kNamed, "Popular Mobilisation Forces", "", "", ""},
      {"the militia Kataib Hezbollah", K::kNamed, "Kataib Hezbollah", "", "", ""},
      {"the rebel group Hayat Tahrir al-Sham", K::kNamed, "Hayat Tahrir al-Sham", "", "", ""},
      {"Justice Department", K::kNamed, "Justice Department", "", "", ""},
      {"\"Hamas\"", K::kNamed, "Hamas", "", "", ""},
      // Left unresolved.
      {"the group", K::kUnresolved, "", "", "", ""},
      {"the militia", K::kUnresolved, "", "", "", ""},
      {"the government", K::kUnresolved, "", "", "", ""},
      {"it", K::kUnresolved, "", "", "", ""},
      {"They", K::kUnresolved, "", "", "", ""},
  };
  const EntityNormalizer normalizer = MakeNormalizer();
  for (const MentionCase& test : cases) {
    SCOPED_TRACE(test.text);
    const EntityMention mention = normalizer.Analyze(test.text);
    EXPECT_STREQ(MentionKindName(mention.kind), MentionKindName(test.kind));
    EXPECT_EQ(mention.name, test.name);
    EXPECT_EQ(mention.title, test.title);
    EXPECT_EQ(mention.affiliation, test.affiliation);
    EXPECT_EQ(Facts(mention), test.facts);
  }
}

TEST(EntityNormalizerTest, CapitalsAndDemonymsRecordTheirForm) {
  const EntityNormalizer normalizer = MakeNormalizer();
  const EntityMention tehran = normalizer.Analyze("Tehran");
  ASSERT_TRUE(tehran.country_form.has_value());
  EXPECT_EQ(*tehran.country_form, CountryForm::kCapital);
  EXPECT_EQ(tehran.surface, "Tehran");  // for "in Tehran", a place
  const EntityMention fighters = normalizer.Analyze("Iraqi fighters");
  ASSERT_NE(fighters.country, nullptr);
  EXPECT_EQ(fighters.country->name, "Iraq");
}

TEST(EntityNormalizerTest, TagsDecideWhatIsAName) {
  const EntityNormalizer normalizer = MakeNormalizer();
  // Sentence-initial "Fighters" is a common noun.
  const EntityMention fighters = normalizer.Analyze(std::vector<MentionWord>{
      {"Fighters", "fighter", "NOUN"}});
  EXPECT_EQ(fighters.kind, MentionKind::kGeneric);
  const EntityMention forces = normalizer.Analyze(std::vector<MentionWord>{
      {"Quds", "Quds", "PROPN"}, {"Forces", "Forces", "PROPN"}});
  EXPECT_EQ(forces.kind, MentionKind::kNamed);
  EXPECT_EQ(forces.name, "Quds Forces");
  const EntityMention assad = normalizer.Analyze(std::vector<MentionWord>{
      {"Bashar", "Bashar", "PROPN"}, {"al", "al", "PROPN"}, {"-", "-", "PUNCT"},
      {"Assad", "Assad", "PROPN"}});
  EXPECT_EQ(assad.name, "Bashar al-Assad");
}

TEST(EntityNormalizerTest, UserAliasesComeFirst) {
  EntityNormalizer normalizer = MakeNormalizer();
  AliasFile aliases;
  aliases.entries = {{"Syrian government", "Assad government"},
                     {"Tehran", "Tehran (city)"},
                     {"Hezbollah", "Hizballah"}};
  normalizer.AddAliases(aliases);
  const struct {
    const char* text;
    const char* name;
  } cases[] = {
      {"the Syrian government", "Assad government"},
      {"Tehran", "Tehran (city)"},
      {"Lebanon's Hezbollah", "Hizballah"},
      {"Iranian Foreign Minister Abbas Araghchi", "Abbas Araghchi"},
  };
  for (const auto& test : cases) {
    const EntityMention mention = normalizer.Analyze(test.text);
    EXPECT_EQ(mention.name, test.name) << test.text;
  }
  EXPECT_TRUE(normalizer.Analyze("Tehran").from_alias);
}

TEST(MentionLexiconTest, TitlesAndHeads) {
  const TitleTable& titles = Knowledge().titles;
  const struct {
    std::vector<std::string> words;
    const char* title;  // nullptr: none
    size_t word_count;
  } cases[] = {
      {{"Foreign", "Minister", "Abbas"}, "Foreign Minister", 2},
      {{"Deputy", "Foreign", "Minister", "X"}, "Deputy Foreign Minister", 3},
      {{"Minister", "of", "Foreign", "Affairs", "X"}, "Minister of Foreign Affairs", 4},
      {{"former", "acting", "President", "X"}, "former acting President", 3},
      {{"Lt.", "Gen.", "X"}, "Lt. Gen.", 2},
      {{"Lt", "Gen", "X"}, "Lt Gen", 2},
      {{"Secretary", "of", "State", "X"}, "Secretary of State", 3},
      {{"former", "X"}, nullptr, 0},
      {{"Foreign", "Affairs"}, nullptr, 0},
  };
  for (const auto& test : cases) {
    const auto match = titles.MatchAt(test.words, 0);
    if (test.title == nullptr) {
      EXPECT_FALSE(match.has_value()) << test.words[0];
      continue;
    }
    ASSERT_TRUE(match.has_value()) << test.title;
    EXPECT_EQ(match->title, test.title);
    EXPECT_EQ(match->word_count, test.word_count);
  }
  const HeadTable& heads = Knowledge().heads;
  EXPECT_EQ(heads.Classify("fighters"), HeadClass::kGeneric);
  EXPECT_EQ(heads.Classify("Government"), HeadClass::kState);
  EXPECT_EQ(heads.Classify("they"), HeadClass::kPronoun);
  EXPECT_EQ(heads.Classify("Hezbollah"), HeadClass::kNone);
  const std::vector<std::string> words = {"Iraqi", "security", "forces"};
  EXPECT_EQ(heads.MatchTail(words, 0, 3).first, 2u);

  std::istringstream bad_title("President\tleads\nKing\truler\n");
  const auto title_table = TitleTable::Parse(bad_title, "titles.tsv");
  ASSERT_FALSE(title_table.ok());
  EXPECT_EQ(title_table.status().message(),
            "titles.tsv:2: unknown title kind 'ruler' (expected leads, role, honorific, "
            "qualifier, head or portfolio)");
  std::istringstream bad_head("# heads\nfighters\n");
  const auto head_table = HeadTable::Parse(bad_head, "heads.tsv");
  ASSERT_FALSE(head_table.ok());
  EXPECT_EQ(head_table.status().message(),
            "heads.tsv:2: expected 2 TAB-separated fields (head, class)");
}

// --- within an article -------------------------------------------------------

std::vector<std::string> Forms(std::string_view text) {
  std::vector<std::string> forms;
  for (const Token& token : Tokenizer().Tokenize(text)) forms.push_back(token.form);
  return forms;
}

TEST(ArticleEntitiesTest, PartialNamesResolveToTheObservedFullName) {
  const EntityNormalizer normalizer = MakeNormalizer();
  ArticleEntities article(normalizer);
  for (const char* text : {"President Bashar al-Assad", "Hadi al-Bahra", "Kataib Hezbollah",
                           "Foreign Minister Sergei Lavrov", "Jordan", "Osama bin Laden"}) {
    article.Observe(normalizer.Analyze(text));
  }
  const struct {
    const char* text;
    const char* name;
  } cases[] = {
      {"Assad", "Bashar al-Assad"},
      {"al-Assad", "Bashar al-Assad"},
      {"Bashar Assad", "Bashar al-Assad"},
      {"al-Bahra", "Hadi al-Bahra"},
      {"Lavrov", "Sergei Lavrov"},
      {"Mr. Lavrov", "Sergei Lavrov"},
      {"bin Laden", "Osama bin Laden"},
      {"Hezbollah", "Hezbollah"},  // never Kataib Hezbollah
      {"Sergei", "Sergei"},        // first names stay
      {"Putin", "Putin"},
  };
  for (const auto& test : cases) {
    const EntityMention mention = article.Resolve(normalizer.Analyze(test.text));
    EXPECT_EQ(mention.name, test.name) << test.text;
  }
}

TEST(ArticleEntitiesTest, TwoCandidatesLeaveAPartialNameAlone) {
  const EntityNormalizer normalizer = MakeNormalizer();
  ArticleEntities article(normalizer);
  article.Observe(normalizer.Analyze("Bashar al-Assad"));
  article.Observe(normalizer.Analyze("Hafez al-Assad"));
  EXPECT_EQ(article.Resolve(normalizer.Analyze("Assad")).name, "Assad");
  EXPECT_EQ(article.ResolveName("Hafez al-Assad"), "Hafez al-Assad");
}

TEST(ArticleEntitiesTest, AcronymsDefinedInTheText) {
  const EntityNormalizer normalizer = MakeNormalizer();
  ArticleEntities article(normalizer);
  article.ScanSentence(Forms("Hayat Tahrir al-Sham (HTS) captured Aleppo on Saturday."));
  article.ScanSentence(Forms("Fighters of the Popular Mobilisation Forces (PMF) crossed."));
  article.ScanSentence(Forms("The SDF (Syrian Democratic Forces) said so, Reuters (AFP) said."));
  article.ScanSentence(Forms("The toll was high, the Syrian Observatory for Human Rights (SOHR) said."));
  const struct {
    const char* text;
    const char* name;
  } cases[] = {
      {"HTS", "Hayat Tahrir al-Sham"},
      {"the PMF", "Popular Mobilisation Forces"},
      {"SDF", "Syrian Democratic Forces"},
      {"SOHR", "Syrian Observatory for Human Rights"},
      {"AFP", "AFP"},
      {"HTS leader Ahmed al-Sharaa", "Ahmed al-Sharaa"},
  };
  for (const auto& test : cases) {
    EXPECT_EQ(article.Resolve(normalizer.Analyze(test.text)).name, test.name) << test.text;
  }
  const EntityMention leader = article.Resolve(normalizer.Analyze("HTS leader Ahmed al-Sharaa"));
  EXPECT_EQ(leader.affiliation, "Hayat Tahrir al-Sham");
  EXPECT_EQ(Facts(leader), "Ahmed al-Sharaa leads Hayat Tahrir al-Sham");
  EXPECT_EQ(article.aliases().size(), 4u);
  EXPECT_EQ(article.aliases()[0], std::make_pair(std::string("HTS"),
                                                 std::string("Hayat Tahrir al-Sham")));
}

TEST(AcronymsTest, MatchesOnlyPlausibleExpansions) {
  const struct {
    const char* acronym;
    const char* long_form;
    bool matches;
  } cases[] = {
      {"HTS", "Hayat Tahrir al-Sham", true},
      {"PMF", "Popular Mobilisation Forces", true},
      {"IRGC", "Islamic Revolutionary Guard Corps", true},
      {"UN", "United Nations", true},
      {"ISIS", "Islamic State of Iraq and Syria", true},
      {"HTS", "Hezbollah", false},
      {"UN", "Security Council", false},
      {"IR", "Iran", false},
  };
  for (const auto& test : cases) {
    EXPECT_EQ(MatchesAcronym(test.acronym, test.long_form), test.matches)
        << test.acronym << " = " << test.long_form;
  }
  for (const char* token : {"HTS", "IRGC", "G7", "DoD", "YPG"}) EXPECT_TRUE(LooksLikeAcronym(token)) << token;
  for (const char* token : {"Mr", "Iran", "A", "hts", "Reuters"}) EXPECT_FALSE(LooksLikeAcronym(token)) << token;
}

// --- across articles ----------------------------------------------------------

TEST(EntityRegistryTest, NearSpellingsOfLongNamesOnly) {
  const struct {
    const char* a;
    const char* b;
    bool same;
  } cases[] = {
      {"Katiab Hezbollah", "Kataib Hezbollah", true},
      {"Popular Mobilisation Forces", "Popular Mobilization Forces", true},
      {"Hezbollah", "Hizbollah", true},
      {"Hassan Nasrallah", "Hassan Nasrullah", true},
      {"Ali Khamenei", "Ali Khameini", false},  // two edits in an 8-letter word
      {"al-Assad", "Al Assad", true},
      {"Quds Force", "Quds Forces", true},
      {"Hezbollah", "Kataib Hezbollah", false},
      {"Iran", "Iraq", false},
      {"U.N.", "UN", true},
      {"Austria", "Australia", false},
      {"Slovenia", "Slovakia", false},
      {"North Korea", "South Korea", false},
      {"Eastern Ghouta", "Western Ghouta", false},
      {"Maria Silva", "Mario Silva", false},
      {"John Smith", "Joan Smith", false},
      {"Brigade 313", "Brigade 314", false},
      {"Hamas", "Hamad", false},
      {"Niger", "Nigeria", false},
      {"Mobilisation Forces", "Mobilization Front", false},
  };
  const CountryTable& countries = Knowledge().countries;
  for (const auto& test : cases) {
    EXPECT_EQ(NearSpelling(test.a, test.b, &countries), test.same) << test.a << " ~ " << test.b;
    EXPECT_EQ(NearSpelling(test.b, test.a, &countries), test.same) << test.b << " ~ " << test.a;
  }
  EXPECT_EQ(EditDistance("Katiab", "Kataib"), 1u);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3u);
}

TEST(EntityRegistryTest, OneNamePerReferentAcrossArticles) {
  EntityRegistry registry(&Knowledge().countries);
  registry.AddAlias("PMF", "Popular Mobilization Forces");
  const struct {
    const char* name;
    const char* canonical;
  } sequence[] = {
      {"Kataib Hezbollah", "Kataib Hezbollah"},
      {"Katiab Hezbollah", "Kataib Hezbollah"},
      {"kataib hezbollah", "Kataib Hezbollah"},
      {"Hezbollah", "Hezbollah"},
      {"Popular Mobilisation Forces", "Popular Mobilisation Forces"},
      {"Popular Mobilization Forces", "Popular Mobilisation Forces"},
      {"PMF", "Popular Mobilization Forces"},  // the user's word wins
      {"Iran", "Iran"},
      {"Iraq", "Iraq"},
      {"", ""},
  };
  for (const auto& step : sequence) {
    EXPECT_EQ(registry.Canonicalize(step.name), step.canonical) << step.name;
  }
  EXPECT_EQ(registry.size(), 5u);
  EXPECT_FALSE(registry.Find("Islamic State").has_value());
}

}  // namespace
}  // namespace kg::ingest
