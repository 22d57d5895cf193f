//! Members that every alternative of a union declares, so the union can
//! offer an accessor for them (`Binding::name`).

use super::{Field, Ident, SharedMember, Strategy, Struct, TypeKind, TypeRef, TypeSpace, names};

/// Fills in `shared` on every open union whose alternatives are all
/// structs: each string member (not the tag) that all of them declare.
pub fn find(types: &mut TypeSpace) {
    let found: Vec<(usize, Vec<SharedMember>)> = types
        .types
        .iter()
        .enumerate()
        .filter_map(|(i, def)| match &def.kind {
            TypeKind::Union(u) if u.strategy() != Strategy::JsonType => {
                let structs: Option<Vec<&Struct>> = u
                    .variants()
                    .into_iter()
                    .map(|v| match &v.ty {
                        TypeRef::Named(name) => match &types.get(name)?.kind {
                            TypeKind::Struct(s) => Some(s),
                            _ => None,
                        },
                        _ => None,
                    })
                    .collect();
                let tag = u.tags().map(|(property, _)| property);
                Some((i, shared(&structs?, tag)))
            }
            _ => None,
        })
        .collect();
    for (i, members) in found {
        if let Some(TypeKind::Union(u)) = types.types.get_mut(i).map(|def| &mut def.kind) {
            u.shared = members;
        }
    }
}

fn shared(structs: &[&Struct], tag: Option<&str>) -> Vec<SharedMember> {
    let Some((first, rest)) = structs.split_first() else {
        return Vec::new();
    };
    first
        .fields()
        .filter(|f| f.ty == TypeRef::String && Some(f.json_name.as_str()) != tag)
        .filter_map(|f| {
            let mut fields = vec![(f.rust_name.clone(), f.required)];
            for s in rest {
                let same: &Field = s
                    .fields()
                    .find(|g| g.json_name == f.json_name && g.ty == TypeRef::String)?;
                fields.push((same.rust_name.clone(), same.required));
            }
            let method: Ident = names::field(&f.json_name);
            // `tag` is taken by the accessor of a tagged union's tag.
            if tag.is_some() && method.name == "tag" {
                return None;
            }
            Some(SharedMember {
                json_name: f.json_name.clone(),
                method,
                fields,
            })
        })
        .collect()
}
