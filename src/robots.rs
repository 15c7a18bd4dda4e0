//! robots.txt as RFC 9309 reads it: the group for our product token (else
//! `*`), the longest matching rule wins, `Allow` on a tie; `*` and `$` in
//! paths.

/// The rules of one robots.txt.
#[derive(Debug, Clone, Default)]
pub struct Robots {
    groups: Vec<Group>,
}

#[derive(Debug, Clone, Default)]
struct Group {
    agents: Vec<String>,
    /// (allow, path pattern)
    rules: Vec<(bool, String)>,
}

impl Robots {
    pub fn parse(text: &str) -> Robots {
        let mut groups: Vec<Group> = Vec::new();
        let mut in_agents = false;
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let (key, value) = (key.trim().to_ascii_lowercase(), value.trim().to_string());
            match key.as_str() {
                "user-agent" => {
                    if !in_agents {
                        groups.push(Group::default());
                    }
                    in_agents = true;
                    if let Some(group) = groups.last_mut() {
                        group.agents.push(value.to_ascii_lowercase());
                    }
                }
                "allow" | "disallow" => {
                    in_agents = false;
                    if let Some(group) = groups.last_mut()
                        && !value.is_empty()
                    {
                        group.rules.push((key == "allow", value));
                    }
                }
                _ => {}
            }
        }
        Robots { groups }
    }

    /// True when `path` may be fetched by the crawler named `user_agent`
    /// (its product token, `kaigiroku/0.1.0` → `kaigiroku`).
    pub fn allows(&self, user_agent: &str, path: &str) -> bool {
        let token = user_agent
            .split('/')
            .next()
            .unwrap_or(user_agent)
            .to_ascii_lowercase();
        let named: Vec<&Group> = self
            .groups
            .iter()
            .filter(|g| g.agents.contains(&token))
            .collect();
        let groups = if named.is_empty() {
            self.groups
                .iter()
                .filter(|g| g.agents.iter().any(|a| a == "*"))
                .collect()
        } else {
            named
        };
        let best = groups
            .iter()
            .flat_map(|g| g.rules.iter())
            .filter(|(_, pattern)| matches(pattern, path))
            .max_by_key(|(allow, pattern)| (pattern.len(), *allow));
        best.is_none_or(|(allow, _)| *allow)
    }
}

/// A robots.txt path pattern against a path: a prefix, `*` any run of
/// characters, `$` the end.
fn matches(pattern: &str, path: &str) -> bool {
    let (pattern, anchored) = match pattern.strip_suffix('$') {
        Some(p) => (p, true),
        None => (pattern, false),
    };
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or("");
    let Some(mut rest) = path.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    for (i, part) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        if last && anchored {
            return rest.ends_with(part);
        }
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    !anchored || rest.is_empty() || (parts.is_empty() && rest.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// ssp.kaigiroku.net's robots.txt as two public scrapers quote it.
    const DISCUSSNET: &str = "User-agent: *\nDisallow: /\nAllow: /tenant/\nDisallow: /tenant/js/\n";

    #[test]
    fn discussnet_allows_the_tenant_pages_and_not_the_api() {
        let robots = Robots::parse(DISCUSSNET);
        let ua = "kaigiroku/0.1.0";
        assert!(robots.allows(ua, "/tenant/hakodate/js/tenant.js"));
        assert!(!robots.allows(ua, "/dnp/search/councils/index"));
        assert!(!robots.allows(ua, "/tenant/js/config.js"));
    }

    #[test]
    fn a_group_for_our_token_wins_over_the_star() {
        let robots =
            Robots::parse("User-agent: *\nDisallow: /\n\nUser-agent: kaigiroku\nAllow: /dnp/\n");
        assert!(robots.allows("kaigiroku/0.1.0", "/dnp/search/x"));
        assert!(!robots.allows("other", "/dnp/search/x"));
        assert!(Robots::parse("").allows("kaigiroku", "/anything"));
        assert!(!Robots::parse("User-agent: *\nDisallow: /*.json$\n").allows("k", "/a/b.json"));
        assert!(Robots::parse("User-agent: *\nDisallow: /*.json$\n").allows("k", "/a/b.jsonl"));
    }
}
