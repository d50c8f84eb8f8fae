//! Comparing programme versions: the structural difference (goals and measures added, removed,
//! moved, changed per field), applying it, the word-level difference inside a changed text, and
//! the three-way merge of two saves that started from the same version.
use super::programme::{ProgrammeContent, ID_KEY};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// The lists of a programme whose items have ids; everything else is a plain value.
pub const LISTS: [&str; 5] = ["goals", "measures", "potentials", "role", "excluded_needs"];

/// One item of a list as a JSON object (with its `id`).
pub type Item = Map<String, Value>;

/// A programme as the comparison sees it: plain values by name and lists of items in order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Tree {
    pub values: BTreeMap<String, Value>,
    pub lists: BTreeMap<String, Vec<Item>>,
}

fn id_of(item: &Item) -> &str {
    item.get(ID_KEY).and_then(Value::as_str).unwrap_or_default()
}

impl Tree {
    pub fn of(content: &ProgrammeContent) -> Self {
        let mut tree = Tree::default();
        let Ok(Value::Object(fields)) = serde_json::to_value(content) else {
            return tree;
        };
        for (key, value) in fields {
            match value {
                Value::Array(items) if LISTS.contains(&key.as_str()) => {
                    let items = items
                        .into_iter()
                        .filter_map(|v| match v {
                            Value::Object(item) => Some(item),
                            _ => None,
                        })
                        .collect();
                    tree.lists.insert(key, items);
                }
                value => {
                    tree.values.insert(key, value);
                }
            }
        }
        tree
    }

    pub fn into_content(self) -> Result<ProgrammeContent, serde_json::Error> {
        let mut fields: Map<String, Value> = self.values.into_iter().collect();
        for (key, items) in self.lists {
            fields.insert(
                key,
                Value::Array(items.into_iter().map(Value::Object).collect()),
            );
        }
        serde_json::from_value(Value::Object(fields))
    }

    fn list(&self, name: &str) -> &[Item] {
        self.lists.get(name).map(Vec::as_slice).unwrap_or_default()
    }
}

/// One difference between two versions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Change {
    /// A plain value (Ausgangslage, data basis) changed.
    Value {
        key: String,
        old: Value,
        new: Value,
    },
    /// A new item at `index` of the newer list.
    Added {
        list: String,
        index: usize,
        item: Item,
    },
    Removed {
        list: String,
        item: Item,
    },
    /// The item changed its place in the list (`from` in the older, `to` in the newer list).
    Moved {
        list: String,
        id: String,
        from: usize,
        to: usize,
    },
    /// One field of an item changed (a change of `field` moves it to another Handlungsfeld).
    Field {
        list: String,
        id: String,
        key: String,
        old: Value,
        new: Value,
    },
}

/// The longest common subsequence of two id sequences (the items that kept their order).
fn kept_in_order(old: &[&str], new: &[&str]) -> HashSet<String> {
    let (n, m) = (old.len(), new.len());
    let mut table = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            table[i][j] = if old[i] == new[j] {
                table[i + 1][j + 1] + 1
            } else {
                table[i + 1][j].max(table[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut kept) = (0, 0, HashSet::new());
    while i < n && j < m {
        if old[i] == new[j] {
            kept.insert(old[i].to_owned());
            i += 1;
            j += 1;
        } else if table[i + 1][j] >= table[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    kept
}

/// Ids present in both lists that did not keep their relative order.
fn moved_ids(old: &[Item], new: &[Item]) -> HashSet<String> {
    let new_ids: HashSet<&str> = new.iter().map(id_of).collect();
    let old_ids: HashSet<&str> = old.iter().map(id_of).collect();
    let old_common: Vec<&str> = old
        .iter()
        .map(id_of)
        .filter(|id| new_ids.contains(id))
        .collect();
    let new_common: Vec<&str> = new
        .iter()
        .map(id_of)
        .filter(|id| old_ids.contains(id))
        .collect();
    let kept = kept_in_order(&old_common, &new_common);
    old_common
        .into_iter()
        .filter(|id| !kept.contains(*id))
        .map(str::to_owned)
        .collect()
}

fn field_changes(list: &str, id: &str, old: &Item, new: &Item, out: &mut Vec<Change>) {
    let keys: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    for key in keys.into_iter().filter(|k| k.as_str() != ID_KEY) {
        let (before, after) = (
            old.get(key).cloned().unwrap_or(Value::Null),
            new.get(key).cloned().unwrap_or(Value::Null),
        );
        if before != after {
            out.push(Change::Field {
                list: list.to_owned(),
                id: id.to_owned(),
                key: key.clone(),
                old: before,
                new: after,
            });
        }
    }
}

/// Everything that differs from `old` to `new`, plain values first, then list by list.
pub fn diff(old: &Tree, new: &Tree) -> Vec<Change> {
    let mut changes = Vec::new();
    let keys: BTreeSet<&String> = old.values.keys().chain(new.values.keys()).collect();
    for key in keys {
        let (before, after) = (
            old.values.get(key).cloned().unwrap_or(Value::Null),
            new.values.get(key).cloned().unwrap_or(Value::Null),
        );
        if before != after {
            changes.push(Change::Value {
                key: key.clone(),
                old: before,
                new: after,
            });
        }
    }
    let names: BTreeSet<&String> = old.lists.keys().chain(new.lists.keys()).collect();
    for name in names {
        let (before, after) = (old.list(name), new.list(name));
        let new_by_id: HashMap<&str, (usize, &Item)> = after
            .iter()
            .enumerate()
            .map(|(i, item)| (id_of(item), (i, item)))
            .collect();
        let old_ids: HashSet<&str> = before.iter().map(id_of).collect();
        let moved = moved_ids(before, after);
        for (from, item) in before.iter().enumerate() {
            let id = id_of(item);
            match new_by_id.get(id) {
                None => changes.push(Change::Removed {
                    list: name.clone(),
                    item: item.clone(),
                }),
                Some((to, newer)) => {
                    if moved.contains(id) {
                        changes.push(Change::Moved {
                            list: name.clone(),
                            id: id.to_owned(),
                            from,
                            to: *to,
                        });
                    }
                    field_changes(name, id, item, newer, &mut changes);
                }
            }
        }
        for (index, item) in after.iter().enumerate() {
            if !old_ids.contains(id_of(item)) {
                changes.push(Change::Added {
                    list: name.clone(),
                    index,
                    item: item.clone(),
                });
            }
        }
    }
    changes
}

/// `old` with `changes` (from [`diff`]) applied: gives back the newer version.
pub fn apply(old: &Tree, changes: &[Change]) -> Tree {
    let mut tree = old.clone();
    let mut placed: BTreeMap<String, Vec<(usize, String)>> = BTreeMap::new();
    let mut gone: HashSet<(String, String)> = HashSet::new();
    let mut added: HashMap<(String, String), Item> = HashMap::new();
    for change in changes {
        match change {
            Change::Value { key, new, .. } => {
                tree.values.insert(key.clone(), new.clone());
            }
            Change::Removed { list, item } => {
                gone.insert((list.clone(), id_of(item).to_owned()));
            }
            Change::Added { list, index, item } => {
                let id = id_of(item).to_owned();
                placed
                    .entry(list.clone())
                    .or_default()
                    .push((*index, id.clone()));
                added.insert((list.clone(), id), item.clone());
            }
            Change::Moved { list, id, to, .. } => {
                placed
                    .entry(list.clone())
                    .or_default()
                    .push((*to, id.clone()));
            }
            Change::Field {
                list, id, key, new, ..
            } => {
                if let Some(item) = tree
                    .lists
                    .get_mut(list)
                    .and_then(|items| items.iter_mut().find(|i| id_of(i) == id))
                {
                    item.insert(key.clone(), new.clone());
                }
            }
        }
    }
    let names: BTreeSet<String> = tree.lists.keys().chain(placed.keys()).cloned().collect();
    for name in names {
        let mut positions = placed.remove(&name).unwrap_or_default();
        positions.sort();
        let items = tree.lists.remove(&name).unwrap_or_default();
        let moving: HashSet<&str> = positions.iter().map(|(_, id)| id.as_str()).collect();
        let mut by_id: HashMap<String, Item> = HashMap::new();
        let mut order = Vec::new();
        for item in items {
            let id = id_of(&item).to_owned();
            if gone.contains(&(name.clone(), id.clone())) {
                continue;
            }
            if !moving.contains(id.as_str()) {
                order.push(id.clone());
            }
            by_id.insert(id, item);
        }
        for (index, id) in &positions {
            order.insert((*index).min(order.len()), id.clone());
        }
        let list = order
            .into_iter()
            .filter_map(|id| {
                by_id
                    .remove(&id)
                    .or_else(|| added.remove(&(name.clone(), id)))
            })
            .collect();
        tree.lists.insert(name, list);
    }
    tree
}

/// A piece of a text compared word by word.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Words {
    Same(String),
    Removed(String),
    Added(String),
}

/// The word-level difference of two texts (`similar`'s Myers diff over words and spaces).
pub fn word_diff(old: &str, new: &str) -> Vec<Words> {
    use similar::{ChangeTag, TextDiff};
    let diff = TextDiff::from_words(old, new);
    let mut out: Vec<Words> = Vec::new();
    for change in diff.iter_all_changes() {
        let text = change.value();
        // Neighbours of the same kind are joined, so that screen readers hear whole phrases.
        match (change.tag(), out.last_mut()) {
            (ChangeTag::Equal, Some(Words::Same(last)))
            | (ChangeTag::Delete, Some(Words::Removed(last)))
            | (ChangeTag::Insert, Some(Words::Added(last))) => last.push_str(text),
            (ChangeTag::Equal, _) => out.push(Words::Same(text.to_owned())),
            (ChangeTag::Delete, _) => out.push(Words::Removed(text.to_owned())),
            (ChangeTag::Insert, _) => out.push(Words::Added(text.to_owned())),
        }
    }
    out
}

/// Where two saves disagree.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Place {
    Value {
        key: String,
    },
    Field {
        list: String,
        id: String,
        key: String,
    },
    /// One side removed the item, the other changed it (`Null` stands for "removed").
    Item {
        list: String,
        id: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    pub place: Place,
    pub base: Value,
    pub mine: Value,
    pub theirs: Value,
}

/// What became of a save.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Saved {
    /// Stored as this version.
    Stored { number: i64 },
    /// Someone else saved first: nothing is stored; here is the combination to check.
    Concurrent(ConcurrentSave),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConcurrentSave {
    /// The version the editor started from.
    pub base: i64,
    /// The newest version, saved meanwhile.
    pub theirs: i64,
    pub theirs_author: String,
    /// Both changes combined; conflicting fields hold theirs until the user decides.
    pub merged: Merged,
    /// The editor's own content, to decide conflicts for "mine".
    pub mine: Tree,
}

/// The combination of two saves; where they disagree it holds theirs (the one saved first)
/// until the user decides.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Merged {
    pub tree: Tree,
    pub conflicts: Vec<Conflict>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Side {
    Mine,
    Theirs,
}

fn three_way(base: &Value, mine: &Value, theirs: &Value) -> Result<Value, ()> {
    if mine == base || mine == theirs {
        Ok(theirs.clone())
    } else if theirs == base {
        Ok(mine.clone())
    } else {
        Err(())
    }
}

/// Inserts `id` after the nearest item that precedes it in `reference` and is already in
/// `order`; at the start if there is none.
fn insert_after_predecessor(order: &mut Vec<String>, id: &str, reference: &[&str]) {
    let position = reference.iter().position(|r| *r == id).unwrap_or_default();
    let after = reference[..position]
        .iter()
        .rev()
        .find_map(|p| order.iter().position(|o| o == p));
    order.insert(after.map_or(0, |i| i + 1), id.to_owned());
}

fn merge_item(
    list: &str,
    id: &str,
    (base, mine, theirs): (&Item, &Item, &Item),
    conflicts: &mut Vec<Conflict>,
) -> Item {
    let mut merged = theirs.clone();
    let keys: BTreeSet<&String> = base
        .keys()
        .chain(mine.keys())
        .chain(theirs.keys())
        .collect();
    for key in keys {
        let get = |item: &Item| item.get(key).cloned().unwrap_or(Value::Null);
        let (b, m, t) = (get(base), get(mine), get(theirs));
        match three_way(&b, &m, &t) {
            Ok(value) => {
                merged.insert(key.clone(), value);
            }
            Err(()) => conflicts.push(Conflict {
                place: Place::Field {
                    list: list.to_owned(),
                    id: id.to_owned(),
                    key: key.clone(),
                },
                base: b,
                mine: m,
                theirs: t,
            }),
        }
    }
    merged
}

fn merge_list(
    name: &str,
    base: &[Item],
    mine: &[Item],
    theirs: &[Item],
    conflicts: &mut Vec<Conflict>,
) -> Vec<Item> {
    let index = |items: &[Item]| -> HashMap<String, Item> {
        items
            .iter()
            .map(|i| (id_of(i).to_owned(), i.clone()))
            .collect()
    };
    let (b, m, t) = (index(base), index(mine), index(theirs));
    let empty = Item::new();
    let mut items: HashMap<String, Item> = HashMap::new();
    let mut order: Vec<String> = theirs.iter().map(|i| id_of(i).to_owned()).collect();
    let mine_order: Vec<&str> = mine.iter().map(id_of).collect();
    let moved_by_mine = moved_ids(base, mine);
    let moved_by_theirs = moved_ids(base, theirs);
    let all: BTreeSet<&String> = b.keys().chain(m.keys()).chain(t.keys()).collect();
    let mut place_as_mine: HashSet<String> = HashSet::new();
    for id in all {
        match (b.get(id), m.get(id), t.get(id)) {
            (Some(bi), Some(mi), Some(ti)) => {
                items.insert(id.clone(), merge_item(name, id, (bi, mi, ti), conflicts));
                if moved_by_mine.contains(id) && !moved_by_theirs.contains(id) {
                    place_as_mine.insert(id.clone());
                }
            }
            (Some(bi), None, Some(ti)) => {
                if bi == ti {
                    order.retain(|o| o != id);
                } else {
                    items.insert(id.clone(), ti.clone());
                    conflicts.push(Conflict {
                        place: Place::Item {
                            list: name.to_owned(),
                            id: id.clone(),
                        },
                        base: Value::Object(bi.clone()),
                        mine: Value::Null,
                        theirs: Value::Object(ti.clone()),
                    });
                }
            }
            (Some(bi), Some(mi), None) => {
                if bi != mi {
                    conflicts.push(Conflict {
                        place: Place::Item {
                            list: name.to_owned(),
                            id: id.clone(),
                        },
                        base: Value::Object(bi.clone()),
                        mine: Value::Object(mi.clone()),
                        theirs: Value::Null,
                    });
                }
            }
            (None, Some(mi), None) => {
                items.insert(id.clone(), mi.clone());
                place_as_mine.insert(id.clone());
            }
            (None, Some(mi), Some(ti)) => {
                items.insert(
                    id.clone(),
                    merge_item(name, id, (&empty, mi, ti), conflicts),
                );
            }
            (_, None, Some(ti)) => {
                items.insert(id.clone(), ti.clone());
            }
            (_, None, None) => {}
        }
    }
    // Mine's additions and moves go where mine has them, in mine's order.
    order.retain(|id| !place_as_mine.contains(id));
    for id in mine_order.iter().filter(|id| place_as_mine.contains(**id)) {
        insert_after_predecessor(&mut order, id, &mine_order);
    }
    order
        .into_iter()
        .filter_map(|id| items.remove(&id))
        .collect()
}

/// Combines two saves that both started from `base`: what only one side changed is taken; where
/// both changed the same field differently, a conflict is listed (holding theirs meanwhile).
pub fn merge(base: &Tree, mine: &Tree, theirs: &Tree) -> Merged {
    let mut conflicts = Vec::new();
    let mut tree = Tree::default();
    let keys: BTreeSet<&String> = base
        .values
        .keys()
        .chain(mine.values.keys())
        .chain(theirs.values.keys())
        .collect();
    for key in keys {
        let get = |t: &Tree| t.values.get(key).cloned().unwrap_or(Value::Null);
        let (b, m, t) = (get(base), get(mine), get(theirs));
        let value = three_way(&b, &m, &t).unwrap_or_else(|()| {
            let kept = t.clone();
            conflicts.push(Conflict {
                place: Place::Value { key: key.clone() },
                base: b,
                mine: m,
                theirs: t,
            });
            kept
        });
        tree.values.insert(key.clone(), value);
    }
    let names: BTreeSet<&String> = base
        .lists
        .keys()
        .chain(mine.lists.keys())
        .chain(theirs.lists.keys())
        .collect();
    for name in names {
        let list = merge_list(
            name,
            base.list(name),
            mine.list(name),
            theirs.list(name),
            &mut conflicts,
        );
        tree.lists.insert(name.clone(), list);
    }
    Merged { tree, conflicts }
}

/// The merged tree with each conflict decided (undecided ones keep theirs).
pub fn resolve(merged: &Merged, mine: &Tree, decisions: &HashMap<Place, Side>) -> Tree {
    let mut tree = merged.tree.clone();
    for conflict in &merged.conflicts {
        if decisions.get(&conflict.place) != Some(&Side::Mine) {
            continue;
        }
        match &conflict.place {
            Place::Value { key } => {
                tree.values.insert(key.clone(), conflict.mine.clone());
            }
            Place::Field { list, id, key } => {
                if let Some(item) = tree
                    .lists
                    .get_mut(list)
                    .and_then(|items| items.iter_mut().find(|i| id_of(i) == id))
                {
                    item.insert(key.clone(), conflict.mine.clone());
                }
            }
            Place::Item { list, id } => {
                let items = tree.lists.entry(list.clone()).or_default();
                match &conflict.mine {
                    Value::Object(item) => {
                        if let Some(existing) = items.iter_mut().find(|i| id_of(i) == id) {
                            *existing = item.clone();
                        } else {
                            let mut order: Vec<String> =
                                items.iter().map(|i| id_of(i).to_owned()).collect();
                            let reference: Vec<&str> = mine.list(list).iter().map(id_of).collect();
                            insert_after_predecessor(&mut order, id, &reference);
                            let mut by_id: HashMap<String, Item> =
                                items.drain(..).map(|i| (id_of(&i).to_owned(), i)).collect();
                            by_id.insert(id.clone(), item.clone());
                            *items = order.into_iter().filter_map(|o| by_id.remove(&o)).collect();
                        }
                    }
                    _ => items.retain(|i| id_of(i) != id),
                }
            }
        }
    }
    tree
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::field_of_action::FieldOfAction;
    use crate::domain::programme::tests::measure;
    use crate::domain::programme::{Exclusion, Goal, MeasureStatus, TextItem};
    use proptest::prelude::*;

    const IDS: [&str; 6] = ["a", "b", "c", "d", "e", "f"];
    const WORDS: [&str; 4] = ["Sprachcafé", "Hausaufgabenhilfe", "Treffpunkt", ""];

    fn ids() -> impl Strategy<Value = Vec<String>> {
        proptest::sample::subsequence(IDS.to_vec(), 0..=IDS.len())
            .prop_shuffle()
            .prop_map(|ids| ids.into_iter().map(str::to_owned).collect())
    }

    fn field() -> impl Strategy<Value = FieldOfAction> {
        proptest::sample::select(FieldOfAction::ALL.to_vec())
    }

    fn word() -> impl Strategy<Value = String> {
        proptest::sample::select(WORDS.to_vec()).prop_map(str::to_owned)
    }

    fn needs() -> impl Strategy<Value = Vec<i64>> {
        proptest::collection::vec(1i64..4, 0..3)
    }

    fn texts() -> impl Strategy<Value = (Vec<String>, Vec<String>)> {
        ids().prop_flat_map(|ids| {
            let n = ids.len();
            (Just(ids), proptest::collection::vec(word(), n))
        })
    }

    fn content() -> impl Strategy<Value = ProgrammeContent> {
        let goals = ids().prop_flat_map(|ids| {
            let n = ids.len();
            (
                Just(ids),
                proptest::collection::vec((field(), word(), word(), needs()), n),
            )
        });
        let measures = ids().prop_flat_map(|ids| {
            let n = ids.len();
            (
                Just(ids),
                proptest::collection::vec(
                    (
                        field(),
                        word(),
                        0i64..3,
                        proptest::option::of(proptest::sample::select(IDS.to_vec())),
                        needs(),
                        proptest::sample::select(MeasureStatus::ALL.to_vec()),
                    ),
                    n,
                ),
            )
        });
        (word(), word(), goals, measures, texts(), texts(), texts()).prop_map(
            |(
                situation,
                data_basis,
                (goal_ids, goals),
                (measure_ids, measures),
                (p_ids, ps),
                (r_ids, rs),
                (x_ids, xs),
            )| {
                ProgrammeContent {
                    situation,
                    data_basis,
                    goals: goal_ids
                        .into_iter()
                        .zip(goals)
                        .map(|(id, (field, title, description, need_ids))| Goal {
                            id,
                            field,
                            title,
                            description,
                            need_ids,
                        })
                        .collect(),
                    measures: measure_ids
                        .into_iter()
                        .zip(measures)
                        .map(|(id, (field, title, cost, goal, need_ids, status))| {
                            let mut m = measure(&id, field, cost * 100_000, 0);
                            m.title = title;
                            m.goal_id = goal.map(String::from);
                            m.need_ids = need_ids;
                            m.status = status;
                            m
                        })
                        .collect(),
                    potentials: p_ids
                        .into_iter()
                        .zip(ps)
                        .map(|(id, text)| TextItem {
                            id,
                            text,
                            source_item_id: None,
                        })
                        .collect(),
                    role: r_ids
                        .into_iter()
                        .zip(rs)
                        .map(|(id, text)| TextItem {
                            id,
                            text,
                            source_item_id: Some("item-7".into()),
                        })
                        .collect(),
                    excluded_needs: x_ids
                        .into_iter()
                        .zip(xs)
                        .enumerate()
                        .map(|(i, (id, reason))| Exclusion {
                            id,
                            need_id: i as i64,
                            reason,
                        })
                        .collect(),
                }
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn a_version_compared_with_itself_shows_no_change(a in content()) {
            let tree = Tree::of(&a);
            prop_assert!(diff(&tree, &tree).is_empty());
            prop_assert_eq!(tree.into_content().expect("round trip"), a);
        }

        #[test]
        fn applying_the_changes_gives_the_newer_version(a in content(), b in content()) {
            let (old, new) = (Tree::of(&a), Tree::of(&b));
            let changes = diff(&old, &new);
            prop_assert_eq!(apply(&old, &changes), new.clone());
            prop_assert_eq!(changes.is_empty(), a == b);
        }

        #[test]
        fn a_merge_with_an_unchanged_side_takes_the_other(base in content(), x in content()) {
            let (b, x) = (Tree::of(&base), Tree::of(&x));
            let mine_only = merge(&b, &x, &b);
            prop_assert!(mine_only.conflicts.is_empty());
            prop_assert_eq!(mine_only.tree, x.clone());
            let theirs_only = merge(&b, &b, &x);
            prop_assert!(theirs_only.conflicts.is_empty());
            prop_assert_eq!(theirs_only.tree, x.clone());
            let same = merge(&b, &x, &x);
            prop_assert!(same.conflicts.is_empty());
            prop_assert_eq!(same.tree, x);
        }

        #[test]
        fn a_merge_always_gives_a_readable_programme(base in content(), x in content(), y in content()) {
            let (b, x, y) = (Tree::of(&base), Tree::of(&x), Tree::of(&y));
            let merged = merge(&b, &x, &y);
            prop_assert!(merged.tree.clone().into_content().is_ok());
            let all_mine = merged.conflicts.iter().map(|c| (c.place.clone(), Side::Mine)).collect();
            prop_assert!(resolve(&merged, &x, &all_mine).into_content().is_ok());
        }
    }

    fn base() -> ProgrammeContent {
        ProgrammeContent {
            situation: "Viele Familien mit kleinen Kindern.".into(),
            measures: vec![
                measure("m1", FieldOfAction::Work, 100_000, 0),
                measure("m2", FieldOfAction::ParentsAndChildren, 0, 50_000),
            ],
            ..ProgrammeContent::default()
        }
    }

    #[test]
    fn changes_name_moves_between_fields_and_per_field_edits() {
        let old = base();
        let mut new = base();
        new.measures.swap(0, 1);
        new.measures[1].field = FieldOfAction::Cohesion;
        new.measures[1].title = "Jobcafé".into();
        new.potentials.push(TextItem {
            id: "p1".into(),
            text: "Starke Vereine".into(),
            source_item_id: None,
        });
        let changes = diff(&Tree::of(&old), &Tree::of(&new));
        assert!(changes
            .iter()
            .any(|c| matches!(c, Change::Moved { id, .. } if id == "m1" || id == "m2")));
        assert!(changes.iter().any(|c| matches!(c, Change::Field { id, key, new, .. } if id == "m1" && key == "field" && *new == serde_json::json!("Cohesion"))));
        assert!(changes
            .iter()
            .any(|c| matches!(c, Change::Field { id, key, .. } if id == "m1" && key == "title")));
        assert!(changes
            .iter()
            .any(|c| matches!(c, Change::Added { list, index: 0, .. } if list == "potentials")));
    }

    #[test]
    fn edits_of_different_fields_are_combined_and_the_same_field_conflicts() {
        let b = base();
        let mut mine = base();
        mine.situation = "Viele Familien mit kleinen Kindern; wenig Kita-Plätze.".into();
        mine.measures[0].title = "Beratung im Stadtteil".into();
        let mut theirs = base();
        theirs.measures[0].period = "2023–2024".into();
        theirs.measures[0].title = "Sprechstunde Jobcenter".into();
        theirs
            .measures
            .push(measure("m3", FieldOfAction::Cohesion, 0, 0));
        let (bt, mt, tt) = (Tree::of(&b), Tree::of(&mine), Tree::of(&theirs));
        let merged = merge(&bt, &mt, &tt);
        assert_eq!(merged.conflicts.len(), 1, "{:?}", merged.conflicts);
        let conflict = &merged.conflicts[0];
        assert_eq!(
            conflict.place,
            Place::Field {
                list: "measures".into(),
                id: "m1".into(),
                key: "title".into()
            }
        );
        let combined = merged.tree.clone().into_content().expect("content");
        assert_eq!(combined.situation, mine.situation);
        assert_eq!(combined.measures[0].period, "2023–2024");
        assert_eq!(
            combined.measures[0].title, "Sprechstunde Jobcenter",
            "theirs until decided"
        );
        assert_eq!(combined.measures.len(), 3);

        let decided = resolve(
            &merged,
            &mt,
            &HashMap::from([(conflict.place.clone(), Side::Mine)]),
        );
        let decided = decided.into_content().expect("content");
        assert_eq!(decided.measures[0].title, "Beratung im Stadtteil");
        assert_eq!(decided.measures[0].period, "2023–2024");
    }

    #[test]
    fn a_removal_against_a_change_is_asked() {
        let b = base();
        let mut mine = base();
        mine.measures.remove(1);
        let mut theirs = base();
        theirs.measures[1].description = "Mit dem Familienbüro.".into();
        let (bt, mt, tt) = (Tree::of(&b), Tree::of(&mine), Tree::of(&theirs));
        let merged = merge(&bt, &mt, &tt);
        assert_eq!(merged.conflicts.len(), 1);
        assert_eq!(merged.conflicts[0].mine, Value::Null);
        let keep = merged.tree.clone().into_content().expect("content");
        assert_eq!(keep.measures.len(), 2);
        let removed = resolve(
            &merged,
            &mt,
            &HashMap::from([(merged.conflicts[0].place.clone(), Side::Mine)]),
        );
        assert_eq!(removed.into_content().expect("content").measures.len(), 1);
    }

    #[test]
    fn texts_are_compared_word_by_word() {
        let words = word_diff(
            "Ein Treffpunkt für Familien im Quartier",
            "Ein offener Treffpunkt für Familien am Hafen",
        );
        assert_eq!(words[0], Words::Same("Ein ".into()));
        assert!(words.contains(&Words::Added("offener ".into())));
        assert!(words
            .iter()
            .any(|w| matches!(w, Words::Removed(t) if t.contains("Quartier"))));
        assert!(words
            .iter()
            .any(|w| matches!(w, Words::Added(t) if t.contains("Hafen"))));
        let joined: String = words
            .iter()
            .filter_map(|w| match w {
                Words::Same(t) | Words::Added(t) => Some(t.as_str()),
                Words::Removed(_) => None,
            })
            .collect();
        assert_eq!(joined, "Ein offener Treffpunkt für Familien am Hafen");
    }
}
