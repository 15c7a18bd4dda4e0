//! The analyzer on strings from the real minutes in ../shared/corpus: the
//! exact tokens, positions and byte offsets into the printed text.

use kaigiroku_core::analysis::{Analysis, Token};
use kaigiroku_core::testing::analyzer;

fn analyze(text: &str) -> Analysis {
    analyzer().analyze(text)
}

/// `text@position:start..end`, space separated.
fn render(tokens: &[Token]) -> String {
    tokens
        .iter()
        .map(|t| {
            format!(
                "{}@{}:{}..{}",
                t.text, t.position, t.offset_from, t.offset_to
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn texts(tokens: &[Token]) -> Vec<&str> {
    tokens.iter().map(|t| t.text.as_str()).collect()
}

/// (input, normalized, morphemes, bigrams)
const CASES: &[(&str, &str, &str, &str)] = &[
    // The seed: 令和3年度 第2回豊島区行政情報化推進本部.
    (
        "行政情報化推進本部",
        "行政情報化推進本部",
        "行政@0:0..6 情報@1:6..12 化@2:12..15 推進@3:15..21 本部@4:21..27",
        "行政@0:0..6 政情@1:3..9 情報@2:6..12 報化@3:9..15 化推@4:12..18 推進@5:15..21 進本@6:18..24 本部@7:21..27 部@8:24..27",
    ),
    (
        "豊島区DX推進計画",
        "豊島区dx推進計画",
        "豊島@0:0..6 区@1:6..9 dx@2:9..11 推進@3:11..17 計画@4:17..23",
        "豊島@0:0..6 島区@1:3..9 区d@2:6..10 dx@3:9..11 x推@4:10..14 推進@5:11..17 進計@6:14..20 計画@7:17..23 画@8:20..23",
    ),
    (
        "LGWAN-ASPサービス",
        "lgwan-aspサービス",
        "lgwan@0:0..5 asp@2:6..9 サービス@3:9..21",
        "lg@0:0..2 gw@1:1..3 wa@2:2..4 an@3:3..5 n-@4:4..6 -a@5:5..7 as@6:6..8 sp@7:7..9 pサ@8:8..12 サー@9:9..15 ービ@10:12..18 ビス@11:15..21 ス@12:18..21",
    ),
    (
        "令和4年1月26日",
        "令和4年1月26日",
        "令和@0:0..6 4@1:6..7 年@2:7..10 1@3:10..11 月@4:11..14 26@5:14..16 日@6:16..19",
        "令和@0:0..6 和4@1:3..7 4年@2:6..10 年1@3:7..11 1月@4:10..14 月2@5:11..15 26@6:14..16 6日@7:15..19 日@8:16..19",
    ),
    // Full-width digits stay one number: 4000 万 円, not single digits.
    (
        "４０００万円",
        "4000万円",
        "4000@0:0..12 万@1:12..15 円@2:15..18",
        "40@0:0..6 00@1:3..9 00@2:6..12 0万@3:9..15 万円@4:12..18 円@5:15..18",
    ),
    (
        "憲法九条",
        "憲法9条",
        "憲法@0:0..6 9@1:6..9 条@2:9..12",
        "憲法@0:0..6 法9@1:3..9 9条@2:6..12 条@3:9..12",
    ),
    // 東京都議会: 六十七番（岡本こうき君）. The digits all point at the printed number.
    (
        "六十七番",
        "67番",
        "67@0:0..9 番@1:9..12",
        "67@0:0..9 7番@1:0..12 番@2:9..12",
    ),
    (
        "一般質問",
        "一般質問",
        "一般@0:0..6 質問@1:6..12",
        "一般@0:0..6 般質@1:3..9 質問@2:6..12 問@3:9..12",
    ),
    ("髙橋", "高橋", "高橋@0:0..6", "高橋@0:0..6 橋@1:3..6"),
    (
        "東京都",
        "東京都",
        "東京@0:0..6 都@1:6..9",
        "東京@0:0..6 京都@1:3..9 都@2:6..9",
    ),
];

#[test]
fn tokens_and_offsets_of_real_strings() {
    for &(input, normalized, morphemes, grams) in CASES {
        let analysis = analyze(input);
        assert_eq!(analysis.normalized.text, normalized, "normalized {input}");
        assert_eq!(
            render(&analysis.morphemes),
            morphemes,
            "morphemes of {input}"
        );
        assert_eq!(render(&analysis.grams), grams, "bigrams of {input}");
    }
}

#[test]
fn kanji_and_arabic_numbers_index_alike() {
    let pairs = [
        ("憲法九条", "憲法9条"),
        ("二十五", "25"),
        ("百二十六名", "126名"),
        ("四〇ページ", "40ページ"),
        ("令和四年", "令和4年"),
        ("第二回", "第2回"),
        ("令和四年一月二十六日", "令和4年1月26日"),
        ("４０００万円", "4000万円"),
    ];
    for (kanji, arabic) in pairs {
        let (a, b) = (analyze(kanji), analyze(arabic));
        assert_eq!(a.normalized.text, b.normalized.text, "{kanji} vs {arabic}");
        assert_eq!(
            texts(&a.morphemes),
            texts(&b.morphemes),
            "{kanji} vs {arabic}"
        );
        assert_eq!(texts(&a.grams), texts(&b.grams), "{kanji} vs {arabic}");
    }
}

#[test]
fn words_containing_numeral_kanji_stay_words() {
    for word in ["一般", "一部", "統一", "万一", "九州", "十分", "三菱"] {
        let text = format!("{word}について");
        let analysis = analyze(&text);
        assert!(
            analysis.normalized.text.starts_with(word),
            "{word} became {}",
            analysis.normalized.text
        );
    }
}

/// A place the dictionary lists that begins with a numeral stays a place
/// where lindera cuts it apart before a 丁目 (八 潮 五 丁目); the numbers
/// around it, and a numeral before its counter, are still numbers.
#[test]
fn places_beginning_with_a_numeral_stay_places() {
    let cases = [
        // shinagawa r05-20230322-3.
        ("八潮五丁目地区全戸配布", "八潮5丁目地区全戸配布"),
        // data/: 東五反田二丁目第３地区.
        ("東五反田二丁目第３地区", "東五反田2丁目第3地区"),
        // shinagawa: 学校教育法 第二十八条第一項各号.
        ("第二十八条第一項各号", "第28条第1項各号"),
    ];
    for (printed, normalized) in cases {
        assert_eq!(analyze(printed).normalized.text, normalized, "{printed}");
    }
    assert!(texts(&analyze("八潮五丁目地区").morphemes).contains(&"八潮"));
}

#[test]
fn variants_fold_for_names() {
    // 東京都議会: 三原　將嗣君; 仙台市: 髙橋.
    assert_eq!(
        texts(&analyze("髙橋").morphemes),
        texts(&analyze("高橋").morphemes)
    );
    assert_eq!(
        analyze("三原將嗣").normalized.text,
        analyze("三原将嗣").normalized.text
    );
    assert_eq!(analyze("清野一榮").normalized.text, "清野一栄");
}

#[test]
fn substring_matches_only_in_the_bigram_field() {
    let analysis = analyze("東京都");
    let query = analyze("京都");
    // The query's one bigram is among the text's bigrams ...
    assert_eq!(texts(&query.grams), ["京都", "都"]);
    assert!(texts(&analysis.grams).contains(&"京都"));
    // ... but 京都 is not one of its morphemes.
    assert_eq!(texts(&query.morphemes), ["京都"]);
    assert!(!texts(&analysis.morphemes).contains(&"京都"));
}

#[test]
fn long_vowels_width_and_case_fold() {
    assert_eq!(
        analyze("サーバー").normalized.text,
        analyze("サーバ").normalized.text
    );
    assert_eq!(analyze("コンピューター").normalized.text, "コンピュータ");
    assert_eq!(
        analyze("ＤＸ").normalized.text,
        analyze("dx").normalized.text
    );
    assert_eq!(analyze("ｶﾞｲﾄﾞﾗｲﾝ").normalized.text, "ガイドライン");
    assert_eq!(
        analyze("人々").normalized.text,
        analyze("人人").normalized.text
    );
}

/// Words are cut with the word-final ー in place, as the dictionary writes
/// them: アイスホッケー is one word there, and ホッケー of it is not a word
/// of the text (only a substring, in the bigram field).
#[test]
fn words_ending_in_a_long_vowel_are_cut_as_printed() {
    // tokyo-poliinfo2, オリンピック・パラリンピック等推進対策特別委員会.
    let analysis = analyze("東京都アイスホッケー連盟より、有明アリーナを");
    assert_eq!(
        render(&analysis.morphemes),
        "東京@0:0..6 都@1:6..9 アイスホッケ@2:9..30 連盟@3:30..36 より@4:36..42 有明@6:45..51 アリーナ@7:51..63 を@8:63..66"
    );
    assert!(!texts(&analysis.morphemes).contains(&"ホッケ"));
    assert_eq!(texts(&analyze("ホッケー").morphemes), ["ホッケ"]);
    // The bigrams are those of the normalized text, ー dropped.
    assert!(texts(&analysis.grams).contains(&"ケ連"));
    // data/tokyo: 東京スタジアムのバリアフリー改修.
    assert_eq!(
        texts(&analyze("東京スタジアムのバリアフリー改修").morphemes),
        ["東京", "スタジアム", "の", "バリアフリ", "改修"]
    );
}

/// A katakana word's final ー folds by the word's own length, wherever it
/// stands: サーバー is サーバ alone and inside a run, ツアー is ツアー alone
/// and at the end of バスツアー (whose run loses its ー in the text).
#[test]
fn a_katakana_word_folds_its_long_vowel_wherever_it_stands() {
    assert_eq!(
        texts(&analyze("サーバーセキュリティー").morphemes),
        ["サーバ", "セキュリティ"]
    );
    assert_eq!(texts(&analyze("サーバー").morphemes), ["サーバ"]);
    // shinagawa r05-20230309-3: 交流のバスツアーを年９回実施.
    let tour = analyze("交流のバスツアーを");
    assert_eq!(tour.normalized.text, "交流のバスツアを");
    assert_eq!(
        texts(&tour.morphemes),
        ["交流", "の", "バス", "ツアー", "を"]
    );
    assert_eq!(texts(&analyze("ツアー").morphemes), ["ツアー"]);
}

#[test]
fn decompose_mode_splits_compounds() {
    assert_eq!(
        texts(&analyze("関西国際空港").morphemes),
        ["関西", "国際", "空港"]
    );
}

#[test]
fn offsets_always_slice_the_original() {
    let seed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/seed/000_398aad91f4d2a6c2.txt"
    ))
    .expect("the seed is bundled in tests/data");
    let analysis = analyze(&seed);
    assert!(analysis.morphemes.len() > 1000);
    for token in analysis.morphemes.iter().chain(&analysis.grams) {
        assert!(seed.is_char_boundary(token.offset_from) && seed.is_char_boundary(token.offset_to));
        assert!(token.offset_from < token.offset_to, "{token:?}");
    }
    // 250グラム, from the answer under 報告事項（2）.
    let grams = analysis
        .grams
        .iter()
        .find(|t| t.text == "0グ")
        .expect("250グラム is in the seed");
    assert_eq!(&seed[grams.offset_from..grams.offset_to], "0グ");
}

#[test]
fn index_values_give_the_same_terms_as_the_analysis() {
    use kaigiroku_core::analysis::{GramFieldTokenizer, MorphemeFieldTokenizer};
    use tantivy::tokenizer::{TokenStream, Tokenizer};

    fn terms(mut stream: impl TokenStream) -> Vec<(String, usize)> {
        let mut out = Vec::new();
        while stream.advance() {
            out.push((stream.token().text.clone(), stream.token().position));
        }
        out
    }
    let seed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/seed/000_398aad91f4d2a6c2.txt"
    ))
    .unwrap();
    for text in [seed.as_str(), "憲法九条と４０００万円、ＤＸ。", "", "、。"] {
        let analysis = analyze(text);
        let values = analyzer().index_values(text);
        let (normalized, joined) = (values.grams, values.morphemes);
        assert_eq!(normalized, analysis.normalized.text);
        let expected = |tokens: &[Token]| {
            tokens
                .iter()
                .map(|t| (t.text.clone(), t.position))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            terms(GramFieldTokenizer.token_stream(&normalized)),
            expected(&analysis.grams)
        );
        assert_eq!(
            terms(MorphemeFieldTokenizer.token_stream(&joined)),
            expected(&analysis.morphemes)
        );
    }
}

#[test]
fn a_word_of_the_dictionary_is_read_as_the_dictionary_reads_it() {
    let analyzer = kaigiroku_core::testing::analyzer();
    // 今 is コン and 村 ソン, but 今や is いまや and 村上 むらかみ.
    assert!(analyzer.read_otherwise("今や", "こんや"));
    assert!(analyzer.read_otherwise("村上", "そんじょう"));
    assert!(!analyzer.read_otherwise("今や", "いまや"));
    assert!(!analyzer.read_otherwise("村上", "むらかみ"));
    // Voicing aside, as the readings of names.
    assert!(!analyzer.read_otherwise("障害者", "しょうがいしゃ"));
    // No word of the dictionary: nothing says how it is read.
    assert!(!analyzer.read_otherwise("熱中症", "ねっちゅうしょう"));
}

#[test]
fn readings_of_names_meet_across_kana_and_kanji() {
    let analyzer = kaigiroku_core::testing::analyzer();
    let reading = |name: &str| analyzer.reading(name);
    assert!(analyzer.could_read("泰", "たい"));
    assert!(analyzer.could_read("裕一", "ゆういち"));
    assert!(!analyzer.could_read("慎吾", "ゆういち"));
    for (kanji, kana) in [
        ("慎司", "しんじ"),
        ("広毅", "ひろき"),
        ("貴", "たか"),
        ("博樹", "ひろき"),
        ("恵巳子", "えみこ"),
        ("和昌", "かずまさ"),
        ("慎吾", "しんご"),
    ] {
        assert!(analyzer.could_read(kanji, kana), "{kanji} as {kana}");
    }
    // A reading still has to fit the kanji.
    assert!(!analyzer.could_read("広毅", "ひろし"));
    assert!(!analyzer.could_read("慎吾", "しんじ"));
    assert_eq!(reading("鈴木　真澄").as_deref(), Some("スズキマスミ"));
    for name in [
        "渡辺裕一",
        "渡辺ゆういち",
        "若林広毅",
        "若林ひろき",
        "西本貴子",
        "西本たか子",
        "増子博樹",
        "増子ひろき",
        "のだて稔史",
        "中尾根",
        "和氣正典",
    ] {
        println!("{name} {:?}", reading(name));
    }
}

#[test]
fn the_text_around_rewritten_numbers_is_kept_as_printed() {
    // 二十三 is rewritten (23), 七 too (7); 統一 is no number and ５０ is
    // printed in digits already: neither needs the text as printed.
    let values = analyzer().index_values("平成二十三年の七月に統一した。");
    assert_eq!(values.grams, "平成23年の7月に統一した。");
    assert_eq!(values.numerals, "平成二十三年の七月に統一した。");
    assert_eq!(analyzer().index_values("統一して５０人").numerals, "");
    // Windows reach 32 characters either side; farther apart, two windows.
    let far = format!("二十{}三十", "あ".repeat(70));
    let numerals = analyzer().index_values(&far).numerals;
    assert_eq!(
        numerals,
        format!("二十{} {}三十", "あ".repeat(32), "あ".repeat(32))
    );
}

#[test]
fn suffixes_and_short_nouns_spell_only_parts_of_compounds() {
    let analyzer = analyzer();
    let spellings = analyzer.spellings();
    // 症 (名詞,接尾) and 者 (シャ) are no word's spelling of their own …
    assert!(!spellings.read_as("しょう").contains(&"症"));
    assert!(spellings.read_as("しゃ").is_empty());
    // … but they end compounds typed in kana (熱中症, 障害者).
    assert!(spellings.parts_read_as("しょう").contains(&"症"));
    assert!(spellings.parts_read_as("しゃ").contains(&"者"));
    // A part may be a noun of a long reading too.
    assert!(spellings.parts_read_as("ねっちゅう").contains(&"熱中"));
    // A short noun stands inside a compound, and ends one only where the
    // index shows the compound is a word: 検 (ケン) ends 調査検, which is
    // 調査検討 cut short.
    assert!(spellings.parts_read_as("けん").contains(&"検"));
    assert!(!spellings.endings_read_as("けん").contains(&"検"));
    assert!(spellings.endings_read_as("しょう").contains(&"症"));
    // A counter makes no compound of nouns: 枚 (マイ) is only a counter.
    assert!(!spellings.parts_read_as("まい").contains(&"枚"));
    // Of the words of one character, prefixes and places begin compounds
    // (不登校, 区議会); other nouns so read do not.
    assert!(spellings.prefixes_read_as("ふ").contains(&"不"));
    assert!(spellings.is_prefix("不"));
    assert!(spellings.places_read_as("く").contains(&"区"));
    assert!(spellings.places_read_as("と").contains(&"都"));
    assert!(!spellings.places_read_as("く").contains(&"九"));
    // Adverbs and pronouns are what a reading may be, but no noun to fold
    // to: いったん is 一旦 (副詞) as well as 一端, わたし is 私.
    assert!(spellings.others_read_as("いったん").contains(&"一旦"));
    assert!(spellings.read_as("いったん").contains(&"一端"));
    assert!(!spellings.others_read_as("いったん").contains(&"一端"));
    assert!(spellings.others_read_as("わたし").contains(&"私"));
}

#[test]
fn spellings_are_shown_as_printed() {
    let analyzer = analyzer();
    let spellings = analyzer.spellings();
    // センター is searched as センタ, and shown as printed, inside compounds too.
    assert_eq!(spellings.as_printed("センタ"), "センター");
    assert_eq!(spellings.as_printed("地域センタ"), "地域センター");
    assert_eq!(spellings.as_printed("地域センタ等"), "地域センター等");
    assert_eq!(spellings.as_printed("シルバーセンタ"), "シルバーセンター");
    // A word that keeps its ー, and kanji, are left as they are.
    assert_eq!(spellings.as_printed("ツアー"), "ツアー");
    assert_eq!(spellings.as_printed("防災"), "防災");
    // A kanji doubled alone takes its 々 back; a longer run is left as is.
    assert_eq!(spellings.as_printed("時時"), "時々");
    assert_eq!(spellings.as_printed("色色な情報"), "色々な情報");
    assert_eq!(spellings.as_printed("民主主義"), "民主主義");
}
