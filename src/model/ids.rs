//! Typed references into the model: an entity of the registers, a chapter of the edition,
//! a paragraph of a chapter. Each is the position of the thing in its list, wrapped so that
//! one kind of reference cannot be used where another is meant; lists indexed by them
//! (`Vec<T>`) take them directly.

macro_rules! id_type {
    ($name:ident, $doc:literal) => {
        #[doc = $doc]
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(u32);

        impl $name {
            /// The reference to position `i` of its list.
            pub fn new(i: usize) -> Self {
                $name(u32::try_from(i).unwrap_or(u32::MAX))
            }

            /// The position in its list.
            pub fn index(self) -> usize {
                self.0 as usize
            }

            /// References to every position of a list of `len` items.
            pub fn all(len: usize) -> impl Iterator<Item = $name> {
                (0..len).map($name::new)
            }
        }

        impl<T> std::ops::Index<$name> for Vec<T> {
            type Output = T;
            fn index(&self, i: $name) -> &T {
                &self[i.index()]
            }
        }

        impl<T> std::ops::IndexMut<$name> for Vec<T> {
            fn index_mut(&mut self, i: $name) -> &mut T {
                &mut self[i.index()]
            }
        }

        impl<T> std::ops::Index<$name> for [T] {
            type Output = T;
            fn index(&self, i: $name) -> &T {
                &self[i.index()]
            }
        }
    };
}

id_type!(EntityId, "An entry of the registers (person, event, place, term): its position in `Registry::entities`.");
id_type!(ChapterId, "A chapter of the edition: its position in `Content::chapters`.");
id_type!(ParaId, "A paragraph of a chapter: its position in the chapter document's `paragraphs`.");
