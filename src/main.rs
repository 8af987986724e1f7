fn main() {
    stsplay_app::mount();
}
